// The shop's SMS numbers: search Twilio's inventory, buy a number into the platform account
// (pointed at the app's inbound webhook), assign it to an expert, release it; and the shop's
// Messaging Service. One named expert, one number: the expert keeps one thread with shoppers.
import { z } from "zod";
import type { Db } from "~/db.server";
import type { TwilioClient } from "~/integrations/twilio/client.server";
import { twilioRestError } from "~/integrations/twilio/messages.server";
import { validate, type FieldErrors } from "~/lib/validation";
import { defaultMps, type SenderKind } from "./rate-limit.server";

export type NumberType = "local" | "toll_free";
export type Refused = { ok: false; errors: FieldErrors };

export const SEARCH_LIMIT = 20;

const numberType = z.enum(["local", "toll_free"], { error: "Choose local or toll-free" });
const e164 = z.string().trim().regex(/^\+[1-9]\d{6,14}$/, "Choose a number from the search results");
/** A form's empty expert choice means "shared number, no expert". */
const expertChoice = z
  .string()
  .trim()
  .nullish()
  .transform((v) => v || null);

export const searchSchema = z.object({
  country: z.enum(["US", "CA"], { error: "Choose the United States or Canada" }),
  type: numberType,
  areaCode: z
    .string()
    .trim()
    .regex(/^\d{3}$/, "An area code is 3 digits")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  contains: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z*]{1,7}$/, "Use up to 7 digits, letters or *")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export type AvailableNumber = {
  phoneNumber: string;
  friendlyName: string;
  locality: string | null;
  region: string | null;
  capabilities: { sms: boolean; mms: boolean; voice: boolean };
};

/** Twilio's inventory for the shop to pick from (SMS-capable only: these numbers text). */
export async function searchAvailableNumbers(client: TwilioClient, input: unknown): Promise<{ ok: true; numbers: AvailableNumber[] } | Refused> {
  const parsed = validate(searchSchema, input);
  if (!parsed.ok) return parsed;
  const { country, type, areaCode, contains } = parsed.data;
  const options = {
    smsEnabled: true,
    limit: SEARCH_LIMIT,
    ...(areaCode ? { areaCode: Number(areaCode) } : {}),
    ...(contains ? { contains } : {}),
  };
  try {
    const inventory = client.availablePhoneNumbers(country);
    const found = type === "local" ? await inventory.local.list(options) : await inventory.tollFree.list(options);
    return {
      ok: true,
      numbers: found.slice(0, SEARCH_LIMIT).map((n) => ({
        phoneNumber: n.phoneNumber,
        friendlyName: n.friendlyName,
        locality: n.locality || null,
        region: n.region || null,
        capabilities: capabilitiesOf(n.capabilities),
      })),
    };
  } catch (error) {
    return { ok: false, errors: { form: twilioFailure("search for numbers", error) } };
  }
}

// Twilio spells these keys both ways ("SMS" in the live API, "sms" in the spec).
function capabilitiesOf(raw: unknown): AvailableNumber["capabilities"] {
  const c = (raw ?? {}) as Record<string, unknown>;
  return { sms: Boolean(c.sms ?? c.SMS), mms: Boolean(c.mms ?? c.MMS), voice: Boolean(c.voice ?? c.Voice) };
}

function twilioFailure(what: string, error: unknown): string {
  const rest = twilioRestError(error);
  if (!rest) return `Twilio couldn't be reached to ${what}. Try again in a minute.`;
  if (rest.code === 21422 || rest.code === 21452) return "That number is no longer available. Search again and pick another.";
  return `Twilio refused to ${what}: ${rest.message}${rest.code ? ` (error ${rest.code})` : ""}`;
}

const kindOf = (type: NumberType): SenderKind => (type === "toll_free" ? "toll_free" : "long_code");

export const buySchema = z.object({
  phoneNumber: e164,
  type: numberType,
  expertId: expertChoice,
  smsUrl: z.url(),
});

/** Checks an expert can take a number: in this shop, and without one already (besides `except`). */
async function expertRefusal(db: Db, shop: string, expertId: string, except: string | null = null): Promise<string | null> {
  const expert = await db.expert.findFirst({ where: { id: expertId, shop }, include: { senderNumber: true } });
  if (!expert) return "Choose an expert from this shop";
  if (expert.senderNumber && expert.senderNumber.id !== except)
    return `${expert.name} already has ${expert.senderNumber.phoneNumber}. Each expert texts from one number; release or reassign that one first.`;
  return null;
}

/**
 * Buys `phoneNumber` into the platform's Twilio account, pointing its inbound SMS at `smsUrl`,
 * and records it for the shop (assigned to the expert, if given). Buying a number the shop
 * already has is a no-op. Checks run before Twilio is called, so a refusal costs nothing.
 */
export async function buyNumber(db: Db, client: TwilioClient, shop: string, input: unknown) {
  const parsed = validate(buySchema, input);
  if (!parsed.ok) return parsed;
  const { phoneNumber, type, expertId, smsUrl } = parsed.data;

  const existing = await db.senderNumber.findUnique({ where: { phoneNumber } });
  if (existing && existing.shop !== shop) return refuse("phoneNumber", "That number belongs to another shop");
  if (existing) return { ok: true as const, sender: existing, alreadyOwned: true };

  if (expertId) {
    const refusal = await expertRefusal(db, shop, expertId);
    if (refusal) return refuse("expertId", refusal);
  }

  let twilioSid: string;
  try {
    const bought = await client.incomingPhoneNumbers.create({
      phoneNumber,
      smsUrl,
      smsMethod: "POST",
      // The account is shared by every shop; the name says whose number it is in Twilio's console.
      friendlyName: `Concierge ${shop}`.slice(0, 64),
    });
    twilioSid = bought.sid;
  } catch (error) {
    return refuse("form", twilioFailure(`buy ${phoneNumber}`, error));
  }

  const data = { shop, phoneNumber, twilioSid, kind: kindOf(type), mps: null };
  try {
    return { ok: true as const, sender: await db.senderNumber.create({ data: { ...data, expertId } }), alreadyOwned: false };
  } catch (error) {
    // Another admin gave the expert a number meanwhile. The number is paid for: keep it, shared.
    if (!expertId || !isUniqueViolation(error)) throw error;
    const sender = await db.senderNumber.create({ data: { ...data, expertId: null } });
    return { ok: true as const, sender, alreadyOwned: false, warning: "The expert got another number meanwhile, so this one was saved unassigned." };
  }
}

export const assignSchema = z.object({ senderId: z.string().trim().min(1, "Choose a number"), expertId: expertChoice });

/** Gives a number to an expert (null: a shared shop number). */
export async function assignNumber(db: Db, shop: string, senderId: string, expertId: string | null) {
  const parsed = validate(assignSchema, { senderId, expertId });
  if (!parsed.ok) return parsed;
  const sender = await db.senderNumber.findFirst({ where: { id: parsed.data.senderId, shop } });
  if (!sender) return refuse("senderId", "That number isn't one of this shop's");
  const target = parsed.data.expertId;
  if (target) {
    const refusal = await expertRefusal(db, shop, target, sender.id);
    if (refusal) return refuse("expertId", refusal);
  }
  try {
    return { ok: true as const, sender: await db.senderNumber.update({ where: { id: sender.id }, data: { expertId: target } }) };
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("expertId", "That expert was just given another number");
    throw error;
  }
}

/**
 * Releases the number at Twilio (it stops costing money and stops receiving), then forgets it.
 * A number Twilio no longer has (404) is forgotten too. A number with no Twilio SID was set up
 * outside the app, so only the row is removed.
 */
export async function releaseNumber(db: Db, client: TwilioClient, shop: string, senderId: string) {
  const sender = await db.senderNumber.findFirst({ where: { id: senderId, shop } });
  if (!sender) return refuse("senderId", "That number isn't one of this shop's");
  if (sender.twilioSid) {
    try {
      await client.incomingPhoneNumbers(sender.twilioSid).remove();
    } catch (error) {
      if (twilioRestError(error)?.status !== 404) return refuse("form", twilioFailure(`release ${sender.phoneNumber}`, error));
    }
  }
  await db.senderNumber.deleteMany({ where: { id: sender.id, shop } });
  return { ok: true as const, released: sender.phoneNumber };
}

/** The shop's numbers with their expert and the MPS the sender rate limit will use. */
export async function listSenders(db: Db, shop: string) {
  const rows = await db.senderNumber.findMany({
    where: { shop },
    include: { expert: { select: { id: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({
    id: r.id,
    phoneNumber: r.phoneNumber,
    twilioSid: r.twilioSid,
    kind: r.kind as SenderKind,
    mps: r.mps ?? defaultMps(r.kind as SenderKind),
    mpsIsDefault: r.mps === null,
    expertId: r.expert?.id ?? null,
    expertName: r.expert?.name ?? null,
  }));
}

export const messagingServiceSchema = z.object({
  messagingServiceSid: z
    .string()
    .trim()
    .regex(/^(MG[0-9a-fA-F]{32})?$/, "A Messaging Service SID is MG followed by 32 hex characters")
    .transform((v) => v || null),
  defaultSenderMps: z.coerce
    .number({ error: "Enter a number" })
    .int("Enter a whole number")
    .min(1, "Must be between 1 and 1000")
    .max(1000, "Must be between 1 and 1000"),
});

export async function loadMessagingService(db: Db, shop: string) {
  const row = await db.shop.findUnique({ where: { shop }, select: { messagingServiceSid: true, defaultSenderMps: true } });
  // Dispatch sends through a service at 1 MPS when none is set.
  return { messagingServiceSid: row?.messagingServiceSid ?? "", defaultSenderMps: row?.defaultSenderMps ?? 1 };
}

/** Sets (or clears, with an empty SID) the Messaging Service the shop sends through. */
export async function saveMessagingService(db: Db, shop: string, input: unknown) {
  const parsed = validate(messagingServiceSchema, input);
  if (!parsed.ok) return parsed;
  const { messagingServiceSid, defaultSenderMps } = parsed.data;
  // Inbound texts find their shop by service SID, so two shops can't share one.
  if (messagingServiceSid) {
    const other = await db.shop.findFirst({ where: { messagingServiceSid, shop: { not: shop } }, select: { shop: true } });
    if (other) return refuse("messagingServiceSid", "This Messaging Service is already connected to another shop");
  }
  await db.shop.upsert({
    where: { shop },
    create: { shop, messagingServiceSid, defaultSenderMps },
    update: { messagingServiceSid, defaultSenderMps },
  });
  return { ok: true as const, messagingService: { messagingServiceSid: messagingServiceSid ?? "", defaultSenderMps } };
}

function refuse(field: string, message: string): Refused {
  return { ok: false, errors: { [field]: message } };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown })?.code === "P2002";
}
