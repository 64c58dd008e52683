// Experts: the brand staff who text shoppers. Deactivated experts keep their history.
import { z } from "zod";
import type { Db } from "~/db.server";
import { validate } from "~/lib/validation";

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .transform((v) => (v === "" ? null : v));

export const expertSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(80, "Name must be at most 80 characters"),
  email: z
    .string()
    .trim()
    .transform((v) => v.toLowerCase())
    .pipe(z.union([z.literal(""), z.email({ error: "Enter a valid email address" })]))
    .transform((v) => (v === "" ? null : v)),
  photoUrl: z
    .string()
    .trim()
    .refine((v) => v === "" || /^https:\/\/[^\s]+$/.test(v), "Photo URL must start with https://")
    .transform((v) => (v === "" ? null : v)),
  bio: optionalText(500, "Bio"),
  specialties: z
    .string()
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(
      z
        .array(z.string().max(40, "Each specialty must be at most 40 characters"))
        .max(10, "List at most 10 specialties"),
    ),
  capacity: z.coerce
    .number({ error: "Capacity must be a number" })
    .int("Capacity must be a whole number")
    .min(1, "Capacity must be at least 1")
    .max(500, "Capacity must be at most 500"),
  availability: z.enum(["online", "away"], { error: "Choose online or away" }),
  staffUserId: z
    .string()
    .trim()
    .refine((v) => v === "" || /^(\d+|gid:\/\/shopify\/StaffMember\/\d+)$/.test(v), "Pick a staff member from the list")
    .transform((v) => (v === "" ? null : v.replace(/^gid:\/\/shopify\/StaffMember\//, ""))),
});

export type ExpertInput = z.input<typeof expertSchema>;

export async function listExperts(db: Db, shop: string, opts: { includeInactive?: boolean } = {}) {
  const experts = await db.expert.findMany({
    where: { shop, ...(opts.includeInactive ? {} : { active: true }) },
    orderBy: [{ active: "desc" }, { name: "asc" }],
    include: {
      _count: { select: { conversations: { where: { status: { not: "closed" } } } } },
    },
  });
  return experts.map((e) => ({ ...e, specialties: JSON.parse(e.specialties) as string[], openConversations: e._count.conversations }));
}

export async function getExpert(db: Db, shop: string, id: string) {
  const expert = await db.expert.findFirst({ where: { shop, id } });
  return expert ? { ...expert, specialties: JSON.parse(expert.specialties) as string[] } : null;
}

function toRow(data: z.output<typeof expertSchema>) {
  return { ...data, specialties: JSON.stringify(data.specialties) };
}

export async function createExpert(db: Db, shop: string, input: unknown) {
  const parsed = validate(expertSchema, input);
  if (!parsed.ok) return parsed;
  const expert = await db.expert.create({ data: { shop, ...toRow(parsed.data) } });
  return { ok: true as const, expert };
}

export async function updateExpert(db: Db, shop: string, id: string, input: unknown) {
  const parsed = validate(expertSchema, input);
  if (!parsed.ok) return parsed;
  const { count } = await db.expert.updateMany({ where: { shop, id }, data: toRow(parsed.data) });
  if (count === 0) return { ok: false as const, errors: { form: "This expert no longer exists" } };
  return { ok: true as const, expert: (await getExpert(db, shop, id))! };
}

/** Deactivating keeps the expert's conversations and attribution; they stop receiving new ones. */
export async function setExpertActive(db: Db, shop: string, id: string, active: boolean) {
  const { count } = await db.expert.updateMany({
    where: { shop, id },
    data: { active, ...(active ? {} : { availability: "away" }) },
  });
  return count === 1;
}
