import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { uniqueShop } from "../../../test/helpers";
import { listOfferConflicts } from "./conflicts.server";

const now = new Date("2026-11-20T12:00:00Z");
const day = 24 * 3600 * 1000;

describe("listOfferConflicts", () => {
  it("reads only this shop's live offers", async () => {
    const { domain } = uniqueShop();
    const other = uniqueShop();
    await db.offer.createMany({
      data: [
        { shop: domain, title: "Expert pick", isConcierge: true, valueType: "percentage", value: 15, scope: "collections", scopeIds: '["c1"]' },
        { shop: domain, title: "Holiday 40", valueType: "percentage", value: 40, scope: "all", startsAt: new Date(now.getTime() - day), endsAt: new Date(now.getTime() + day) },
        { shop: domain, title: "Last month", valueType: "percentage", value: 50, scope: "all", endsAt: new Date(now.getTime() - day) },
        { shop: domain, title: "Next month", valueType: "percentage", value: 60, scope: "all", startsAt: new Date(now.getTime() + day) },
        { shop: domain, title: "Same value", valueType: "percentage", value: 15, scope: "all" },
        { shop: domain, title: "Other products", valueType: "percentage", value: 30, scope: "collections", scopeIds: '["c2"]' },
        { shop: other.domain, title: "Not ours", valueType: "percentage", value: 90, scope: "all" },
      ],
    });
    const result = await listOfferConflicts(db, domain, now);
    expect(result.conciergeOffers).toMatchObject([{ title: "Expert pick", value: "15%", scope: "1 collection" }]);
    expect(result.conflicts.map((c) => c.message)).toEqual([
      "Holiday 40 (40% off everything) undercuts your expert offer (15%). Shoppers will use the bigger discount.",
    ]);
    expect(await listOfferConflicts(db, other.domain, now)).toEqual({ conciergeOffers: [], conflicts: [] });
  });
});
