// Message templates with variables. Unknown variables are an error when the template is
// saved, never a blank when it is sent.
import { z } from "zod";
import type { Db } from "~/db.server";
import { validate } from "~/lib/validation";

export const TEMPLATE_VARIABLES = {
  "shopper.first_name": "The shopper's first name (or “there”)",
  "shopper.last_name": "The shopper's last name",
  "expert.name": "The expert's name",
  "expert.first_name": "The expert's first name",
  "shop.name": "Your store's name",
  "product.title": "The template's product (per-product templates only)",
  "product.url": "Link to the product (per-product templates only)",
} as const;
export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;

const VARIABLE = /\{\{\s*([a-z_.]+)\s*\}\}/g;

export function variablesIn(body: string): string[] {
  return [...body.matchAll(VARIABLE)].map((m) => m[1]!);
}

/** Variables that are unknown, or that need a product on a general template. */
export function invalidVariables(body: string, hasProduct: boolean): string[] {
  return variablesIn(body).filter((v) => !(v in TEMPLATE_VARIABLES) || (!hasProduct && v.startsWith("product.")));
}

export const templateSchema = z
  .object({
    name: z.string().trim().min(1, "Name the template").max(80, "Keep the name under 80 characters"),
    body: z.string().trim().min(1, "Write the message").max(1600, "A message can be at most 1,600 characters"),
    productId: z
      .string()
      .trim()
      .transform((v) => (v === "" ? null : v))
      .refine((v) => v === null || /^gid:\/\/shopify\/Product\/\d+$/.test(v), "Pick a product with the product picker"),
    productTitle: z.string().trim().max(255).transform((v) => (v === "" ? null : v)),
  })
  .superRefine((t, ctx) => {
    const bad = invalidVariables(t.body, Boolean(t.productId));
    if (bad.length)
      ctx.addIssue({
        code: "custom",
        path: ["body"],
        message: `Unknown variable${bad.length > 1 ? "s" : ""}: ${bad.map((v) => `{{${v}}}`).join(", ")}. Use ${Object.keys(TEMPLATE_VARIABLES)
          .filter((v) => t.productId || !v.startsWith("product."))
          .map((v) => `{{${v}}}`)
          .join(", ")}.`,
      });
  });

export type TemplateContext = {
  shopper: { firstName: string | null; lastName: string | null };
  expert: { name: string } | null;
  shop: { name: string };
  product?: { title: string; url: string } | null;
};

/** Fills a template; variables were validated at save time, so every one has a value. */
export function renderTemplate(body: string, ctx: TemplateContext): string {
  const values: Record<string, string> = {
    "shopper.first_name": ctx.shopper.firstName?.trim() || "there",
    "shopper.last_name": ctx.shopper.lastName?.trim() ?? "",
    "expert.name": ctx.expert?.name ?? ctx.shop.name,
    "expert.first_name": (ctx.expert?.name ?? ctx.shop.name).split(/\s+/)[0]!,
    "shop.name": ctx.shop.name,
    "product.title": ctx.product?.title ?? "",
    "product.url": ctx.product?.url ?? "",
  };
  return body.replace(VARIABLE, (_, name: string) => values[name] ?? "");
}

export async function listTemplates(db: Db, shop: string) {
  return db.template.findMany({ where: { shop }, orderBy: [{ productTitle: "asc" }, { name: "asc" }] });
}

export async function saveTemplate(db: Db, shop: string, id: string | null, input: unknown) {
  const parsed = validate(templateSchema, input);
  if (!parsed.ok) return parsed;
  if (id) {
    const { count } = await db.template.updateMany({ where: { shop, id }, data: parsed.data });
    if (count === 0) return { ok: false as const, errors: { form: "This template no longer exists" } };
    return { ok: true as const, id };
  }
  const created = await db.template.create({ data: { shop, ...parsed.data } });
  return { ok: true as const, id: created.id };
}

export async function deleteTemplate(db: Db, shop: string, id: string) {
  const { count } = await db.template.deleteMany({ where: { shop, id } });
  return count === 1;
}
