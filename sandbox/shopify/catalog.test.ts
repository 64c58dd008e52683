import { describe, expect, it } from "vitest";
import { EXPERT_CODE, HOLIDAY_DISCOUNT_TITLE, seedDemoStore } from "./catalog";
import { AdminState, discountStatus } from "./state";
import { SHOP, startDemoAdmin } from "./test-support";

const NOW = new Date("2026-11-20T15:00:00Z");
const seed = (seedValue = 20251) => seedDemoStore(new AdminState(() => NOW), SHOP, { baseUrl: "http://127.0.0.1:9", now: NOW, seed: seedValue });

describe("demo store catalog", () => {
  const store = seed();
  const products = [...store.products.values()];
  const variants = [...store.variants.values()];
  const orders = [...store.orders.values()];

  it("has at least 24 products in at least 3 collections, each with 1–3 priced variants", () => {
    expect(products.length).toBeGreaterThanOrEqual(24);
    expect(store.collections.size).toBeGreaterThanOrEqual(3);
    for (const collection of store.collections.values()) expect(collection.productIds.length).toBeGreaterThan(0);
    expect(products.every((p) => store.collectionsOf(p.id).length > 0)).toBe(true);
    for (const product of products) {
      expect(product.variantIds.length).toBeGreaterThanOrEqual(1);
      expect(product.variantIds.length).toBeLessThanOrEqual(3);
      expect(product.images[0].url).toBe(`http://127.0.0.1:9/images/${product.handle}.svg`);
    }
    expect(variants.every((v) => Number(v.price) > 0 && v.sku)).toBe(true);
    expect(new Set(variants.map((v) => v.sku)).size).toBe(variants.length);
  });

  it("has some sold-out items, and those are not available for sale", () => {
    const soldOut = variants.filter((v) => v.inventoryQuantity === 0);
    expect(soldOut.length).toBeGreaterThanOrEqual(3);
    expect(soldOut.every((v) => !store.availableForSale(v))).toBe(true);
    expect(variants.filter((v) => v.inventoryQuantity > 0).every((v) => store.availableForSale(v))).toBe(true);
  });

  it("has ~20 customers with US E.164 phones from several states, including Florida", () => {
    const customers = [...store.customers.values()];
    expect(customers.length).toBeGreaterThanOrEqual(18);
    const phones = customers.map((c) => c.phone).filter((p): p is string => !!p);
    expect(phones.length).toBeGreaterThanOrEqual(18);
    expect(phones.every((p) => /^\+1[2-9]\d{2}[2-9]\d{6}$/.test(p))).toBe(true);
    const states = new Set(customers.map((c) => c.defaultAddress?.provinceCode));
    expect(states.size).toBeGreaterThanOrEqual(10);
    expect(customers.some((c) => c.defaultAddress?.provinceCode === "FL" && c.phone?.startsWith("+1305"))).toBe(true);
  });

  it("has ~120 past orders over the last 90 days, deterministic for a seed", () => {
    expect(orders.length).toBe(120);
    const ninetyDaysAgo = NOW.getTime() - 90 * 86_400_000;
    expect(orders.every((o) => Date.parse(o.createdAt) >= ninetyDaysAgo && Date.parse(o.createdAt) <= NOW.getTime())).toBe(true);
    expect(orders.filter((o) => store.fulfillmentStatus(o) === "FULFILLED").length).toBeGreaterThan(90);
    expect(orders.some((o) => o.fulfillments[0]?.displayStatus === "DELIVERED")).toBe(true);
    for (const order of orders) {
      const lines = order.lineItems.reduce((sum, l) => sum + Math.round(Number(l.unitPrice) * 100) * l.quantity, 0);
      expect(Math.round(Number(order.subtotal) * 100)).toBe(lines);
      expect(Math.round(Number(order.total) * 100)).toBe(lines - Math.round(Number(order.totalDiscounts) * 100));
    }
    const summary = (s: ReturnType<typeof seed>) => [...s.orders.values()].map((o) => `${o.name} ${o.createdAt} ${o.total} ${o.customerId}`);
    expect(summary(seed())).toEqual(summary(store));
    expect(summary(seed(7))).not.toEqual(summary(store));
  });

  it("has the EXPERT15 skin-care code and a competing sitewide 40% automatic discount that don't combine", () => {
    const expert = store.discountByCode(EXPERT_CODE)!;
    const holiday = [...store.discounts.values()].find((d) => d.title === HOLIDAY_DISCOUNT_TITLE)!;
    expect(expert.value).toEqual({ percentage: 0.15 });
    expect("collectionIds" in expert.items && expert.items.collectionIds.map((id) => store.collections.get(id)!.handle)).toEqual(["skin-care"]);
    expect(holiday).toMatchObject({ method: "automatic", value: { percentage: 0.4 }, items: { all: true } });
    expect(discountStatus(expert, NOW)).toBe("ACTIVE");
    expect(discountStatus(holiday, NOW)).toBe("ACTIVE");
    expect(expert.combinesWith.productDiscounts || holiday.combinesWith.orderDiscounts).toBe(false);

    // At checkout only the better of the two applies.
    const serum = store.productByHandle("dewdrop-hydrating-serum")!;
    const order = store.addOrder({ lineItems: [{ variantId: serum.variantIds[0], quantity: 1 }], discountCodes: [EXPERT_CODE] });
    expect(order.appliedDiscountIds).toEqual([holiday.id]);
    expect(order.discountCodes).toEqual([]);
    expect(order.totalDiscounts).toBe("15.20"); // 40% of 38.00
  });

  it("serves each product's picture as a deterministic SVG", async () => {
    const admin = await startDemoAdmin({ schema: "subset" });
    try {
      const product = [...admin.store.products.values()][3];
      const first = await fetch(product.images[0].url);
      expect(first.status).toBe(200);
      expect(first.headers.get("content-type")).toBe("image/svg+xml");
      const svg = await first.text();
      expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg).toContain(product.title.replace(/&/g, "&#38;").slice(0, 20));
      expect(await (await fetch(product.images[0].url)).text()).toBe(svg);
      const other = [...admin.store.products.values()][4];
      expect(await (await fetch(other.images[0].url)).text()).not.toBe(svg);
      expect((await fetch(`${admin.server.url}/images/no-such-product.svg`)).status).toBe(404);
    } finally {
      await admin.server.close();
    }
  });
});
