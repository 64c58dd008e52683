// Offer conflicts: another live discount that beats the concierge offer on the same products.
// Shoppers use the bigger discount, so the expert's incentive stops doing anything there.
import type { Db } from "~/db.server";

export type OfferRow = {
  id: string;
  title: string;
  isConcierge: boolean;
  valueType: string; // percentage | fixed_amount | free_shipping
  value: number;
  scope: string; // all | collections | products
  scopeIds: string; // JSON array of ids
  startsAt: Date | null;
  endsAt: Date | null;
  status: string;
};

export type OfferConflict = {
  conciergeOfferId: string;
  competingOfferId: string;
  competingTitle: string;
  message: string;
};

export function isLive(offer: Pick<OfferRow, "status" | "startsAt" | "endsAt">, now: Date) {
  return offer.status.toLowerCase() === "active" && (!offer.startsAt || offer.startsAt <= now) && (!offer.endsAt || offer.endsAt > now);
}

function ids(offer: Pick<OfferRow, "scopeIds">): Set<string> {
  try {
    const parsed = JSON.parse(offer.scopeIds) as unknown;
    return new Set(Array.isArray(parsed) ? parsed.map(String) : []);
  } catch {
    return new Set();
  }
}

/**
 * "all" overlaps everything; collection and product scopes overlap when their id sets share an id.
 * A collection against a product list would need collection membership, which we don't store,
 * so it counts as no overlap.
 */
export function scopesOverlap(a: Pick<OfferRow, "scope" | "scopeIds">, b: Pick<OfferRow, "scope" | "scopeIds">) {
  if (a.scope === "all" || b.scope === "all") return true;
  const bIds = ids(b);
  for (const id of ids(a)) if (bIds.has(id)) return true;
  return false;
}

/** Only values of the same kind compare: a percentage against a fixed amount depends on the price. */
export function beats(competitor: Pick<OfferRow, "valueType" | "value">, concierge: Pick<OfferRow, "valueType" | "value">) {
  if (competitor.valueType !== concierge.valueType) return false;
  if (competitor.valueType !== "percentage" && competitor.valueType !== "fixed_amount") return false;
  return competitor.value > concierge.value;
}

export function describeValue(offer: Pick<OfferRow, "valueType" | "value">, currencyCode = "USD") {
  if (offer.valueType === "percentage") return `${Number(offer.value.toFixed(2))}%`;
  if (offer.valueType === "fixed_amount") {
    try {
      return new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode, minimumFractionDigits: 0 }).format(offer.value);
    } catch {
      return `${offer.value} ${currencyCode}`;
    }
  }
  return "free shipping";
}

export function describeScope(offer: Pick<OfferRow, "scope" | "scopeIds">) {
  if (offer.scope === "all") return "everything";
  const n = ids(offer).size;
  const noun = offer.scope === "collections" ? "collection" : "product";
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Every (concierge offer, competing offer) pair where the competitor is live and beats it on shared products. */
export function findOfferConflicts(offers: OfferRow[], now: Date, currencyCode = "USD"): OfferConflict[] {
  const live = offers.filter((o) => isLive(o, now));
  const conflicts: OfferConflict[] = [];
  for (const concierge of live.filter((o) => o.isConcierge)) {
    for (const other of live) {
      if (other.isConcierge || !scopesOverlap(concierge, other) || !beats(other, concierge)) continue;
      conflicts.push({
        conciergeOfferId: concierge.id,
        competingOfferId: other.id,
        competingTitle: other.title,
        message: `${other.title} (${describeValue(other, currencyCode)} off ${describeScope(other)}) undercuts your expert offer (${describeValue(concierge, currencyCode)}). Shoppers will use the bigger discount.`,
      });
    }
  }
  return conflicts;
}

/** The shop's live concierge offers and the live offers that undercut them. */
export async function listOfferConflicts(db: Db, shop: string, now = new Date()) {
  const [offers, shopRow] = await Promise.all([
    db.offer.findMany({
      where: {
        shop,
        AND: [{ OR: [{ startsAt: null }, { startsAt: { lte: now } }] }, { OR: [{ endsAt: null }, { endsAt: { gt: now } }] }],
      },
      orderBy: [{ isConcierge: "desc" }, { priority: "desc" }, { value: "desc" }],
    }),
    db.shop.findUnique({ where: { shop }, select: { currencyCode: true } }),
  ]);
  const currencyCode = shopRow?.currencyCode ?? "USD";
  const live = offers.filter((o) => isLive(o, now));
  return {
    conciergeOffers: live
      .filter((o) => o.isConcierge)
      .map((o) => ({ id: o.id, title: o.title, code: o.code, value: describeValue(o, currencyCode), scope: describeScope(o), endsAt: o.endsAt })),
    conflicts: findOfferConflicts(live, now, currencyCode),
  };
}
