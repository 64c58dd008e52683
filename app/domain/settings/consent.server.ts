// Versioned SMS consent wording. Every change is a new version; a consent record keeps
// the version and hash of the exact words the shopper agreed to.
import type { Db } from "~/db.server";
import { sha256 } from "~/lib/crypto.server";

export const DEFAULT_CONSENT_WORDING =
  "By checking this box, you agree to receive recurring automated and conversational text messages from {shop_name} at the number provided, including personal recommendations from our product experts. Consent is not a condition of purchase. Message frequency varies. Msg & data rates may apply. Reply HELP for help, STOP to cancel. See our Terms and Privacy Policy.";

/** The disclosures carriers and the TCPA expect; wording without them can't be saved. */
export const REQUIRED_DISCLOSURES: Array<{ test: RegExp; label: string }> = [
  { test: /not a condition of (any )?purchase/i, label: "“Consent is not a condition of purchase”" },
  { test: /(message|msg) frequency/i, label: "the message frequency" },
  { test: /(msg|message) (&|and) data rates may apply/i, label: "“Msg & data rates may apply”" },
  { test: /\bHELP\b/, label: "“Reply HELP for help”" },
  { test: /\bSTOP\b/, label: "“STOP to cancel”" },
  { test: /terms/i, label: "a link to the terms" },
  { test: /privacy/i, label: "a link to the privacy policy" },
];

export function missingDisclosures(text: string): string[] {
  return REQUIRED_DISCLOSURES.filter((d) => !d.test.test(text)).map((d) => d.label);
}

export async function currentConsentWording(db: Db, shop: string) {
  const latest = await db.consentWording.findFirst({ where: { shop }, orderBy: { version: "desc" } });
  if (latest) return latest;
  const shopRow = await db.shop.findUnique({ where: { shop }, select: { name: true } });
  const text = DEFAULT_CONSENT_WORDING.replace("{shop_name}", shopRow?.name ?? "this store");
  return db.consentWording.upsert({
    where: { shop_version: { shop, version: 1 } },
    create: { shop, version: 1, text, hash: sha256(text) },
    update: {},
  });
}

/** Saves the wording as a new version if it changed; returns the current version. */
export async function saveConsentWording(db: Db, shop: string, text: string) {
  const current = await currentConsentWording(db, shop);
  if (current.text === text) return current;
  return db.consentWording.create({
    data: { shop, version: current.version + 1, text, hash: sha256(text) },
  });
}

export async function consentHistory(db: Db, shop: string) {
  return db.consentWording.findMany({
    where: { shop },
    orderBy: { version: "desc" },
    select: { version: true, hash: true, createdAt: true },
    take: 20,
  });
}
