// Finding a Shopify customer's shopper records in our data, by id, phone or email.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { Db } from "~/db.server";

export type CustomerRef = { id?: number | string | null; email?: string | null; phone?: string | null };

export function toE164(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const parsed = parsePhoneNumberFromString(phone, "US");
  return parsed?.isValid() ? parsed.number : null;
}

export async function matchShoppers(db: Db, shop: string, customer: CustomerRef) {
  const or: Array<Record<string, string>> = [];
  if (customer.id != null) or.push({ shopifyCustomerId: String(customer.id) });
  const phone = toE164(customer.phone);
  if (phone) or.push({ phone });
  if (customer.email) or.push({ email: customer.email.toLowerCase() });
  if (or.length === 0) return [];
  return db.shopper.findMany({ where: { shop, OR: or } });
}
