// Opt-out and opt-back-in records. An opted-out shopper gets nothing but the one
// confirmation of their STOP; START/UNSTOP/YES reverses it.
import type { Db } from "~/db.server";

export type OptOutSource = "inbound_keyword" | "inbound_phrase" | "carrier_21610" | "admin";

/** Records an opt-out; returns the new OptOut id, or null if the shopper was already opted out. */
export async function recordOptOut(
  db: Db,
  shop: string,
  shopperId: string,
  opts: { keyword: string; source: OptOutSource; at?: Date },
): Promise<string | null> {
  const at = opts.at ?? new Date();
  return db.$transaction(async (tx) => {
    const flipped = await tx.shopper.updateMany({ where: { shop, id: shopperId, optedOut: false }, data: { optedOut: true, optedOutAt: at } });
    if (flipped.count === 0) return null;
    const row = await tx.optOut.create({ data: { shop, shopperId, keyword: opts.keyword, source: opts.source, createdAt: at } });
    return row.id;
  });
}

/** Reverses an opt-out; true if the shopper was opted out. */
export async function recordOptIn(db: Db, shop: string, shopperId: string, at = new Date()): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const flipped = await tx.shopper.updateMany({ where: { shop, id: shopperId, optedOut: true }, data: { optedOut: false, optedOutAt: null } });
    if (flipped.count === 0) return false;
    await tx.optOut.updateMany({ where: { shop, shopperId, revokedAt: null }, data: { revokedAt: at } });
    return true;
  });
}
