import { describe, expect, it } from "vitest";
import { findOfferConflicts, scopesOverlap, type OfferRow } from "./conflicts.server";

const now = new Date("2026-11-20T12:00:00Z");
let n = 0;
const offer = (patch: Partial<OfferRow>): OfferRow => ({
  id: `o${++n}`,
  title: "Offer",
  isConcierge: false,
  valueType: "percentage",
  value: 10,
  scope: "all",
  scopeIds: "[]",
  startsAt: null,
  endsAt: null,
  status: "active",
  ...patch,
});
const expert = (patch: Partial<OfferRow> = {}) =>
  offer({ title: "Expert pick", isConcierge: true, value: 15, scope: "collections", scopeIds: '["gid://shopify/Collection/1","gid://shopify/Collection/2"]', ...patch });

describe("offer conflicts", () => {
  it("flags a bigger discount on everything, with the merchant-facing message", () => {
    const concierge = expert();
    const holiday = offer({ title: "Holiday 40", value: 40, scope: "all" });
    expect(findOfferConflicts([concierge, holiday], now)).toEqual([
      {
        conciergeOfferId: concierge.id,
        competingOfferId: holiday.id,
        competingTitle: "Holiday 40",
        message: "Holiday 40 (40% off everything) undercuts your expert offer (15%). Shoppers will use the bigger discount.",
      },
    ]);
  });

  it("flags a bigger discount on a shared collection or product, and only there", () => {
    const concierge = expert();
    const shared = offer({ title: "Serum week", value: 20, scope: "collections", scopeIds: '["gid://shopify/Collection/2","gid://shopify/Collection/9"]' });
    const elsewhere = offer({ title: "Candles", value: 50, scope: "collections", scopeIds: '["gid://shopify/Collection/7"]' });
    expect(findOfferConflicts([concierge, shared, elsewhere], now).map((c) => c.message)).toEqual([
      "Serum week (20% off 2 collections) undercuts your expert offer (15%). Shoppers will use the bigger discount.",
    ]);
    const onProducts = expert({ scope: "products", scopeIds: '["gid://shopify/Product/1"]' });
    const sameProduct = offer({ title: "Flash", value: 25, scope: "products", scopeIds: '["gid://shopify/Product/1"]' });
    const otherProduct = offer({ title: "Other", value: 25, scope: "products", scopeIds: '["gid://shopify/Product/2"]' });
    expect(findOfferConflicts([onProducts, sameProduct, otherProduct], now).map((c) => c.competingTitle)).toEqual(["Flash"]);
  });

  it("ignores equal or smaller values, other value types and expired or future offers", () => {
    const concierge = expert();
    const offers = [
      concierge,
      offer({ title: "Equal", value: 15 }),
      offer({ title: "Smaller", value: 10 }),
      offer({ title: "Ten dollars", valueType: "fixed_amount", value: 40 }),
      offer({ title: "Shipping", valueType: "free_shipping", value: 0 }),
      offer({ title: "Expired", value: 40, endsAt: new Date("2026-11-01T00:00:00Z") }),
      offer({ title: "Ends now", value: 40, endsAt: now }),
      offer({ title: "Not started", value: 40, startsAt: new Date("2026-12-01T00:00:00Z") }),
      offer({ title: "Disabled", value: 40, status: "expired" }),
    ];
    expect(findOfferConflicts(offers, now)).toEqual([]);
    // A concierge offer that is not live has nothing to protect.
    expect(findOfferConflicts([expert({ endsAt: new Date("2026-11-01T00:00:00Z") }), offer({ value: 40 })], now)).toEqual([]);
    // Other concierge offers are not competitors.
    expect(findOfferConflicts([concierge, expert({ value: 30, scope: "all" })], now).map((c) => c.competingTitle)).toEqual([]);
  });

  it("compares fixed amounts with fixed amounts", () => {
    const concierge = expert({ valueType: "fixed_amount", value: 10, scope: "all" });
    const bigger = offer({ title: "Twenty off", valueType: "fixed_amount", value: 20, scope: "products", scopeIds: '["p"]' });
    expect(findOfferConflicts([concierge, bigger], now, "EUR").map((c) => c.message)).toEqual([
      "Twenty off (€20 off 1 product) undercuts your expert offer (€10). Shoppers will use the bigger discount.",
    ]);
  });

  it("treats malformed scope ids as no overlap rather than failing", () => {
    expect(scopesOverlap({ scope: "products", scopeIds: "not json" }, { scope: "products", scopeIds: '["a"]' })).toBe(false);
    expect(scopesOverlap({ scope: "products", scopeIds: "not json" }, { scope: "all", scopeIds: "[]" })).toBe(true);
  });
});
