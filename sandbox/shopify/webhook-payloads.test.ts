// Webhook bodies from the stand-in's state: the same keys, nesting and JSON types as
// Shopify's documented examples (when ../shared/data has them), and values that agree
// with the state, including what the app reads (note_attributes, customer, totals, codes).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { QueueName } from "~/jobs/queues.server";
import { processWebhookEvent } from "~/domain/webhooks/process.server";
import * as ordersCreateRoute from "~/routes/webhooks.orders.create";
import { APP_URL, callRoute, closeTestQueues, uniqueShop } from "../../test/helpers";
import { drainQueue } from "../../test/workers";
import { EXPERT_CODE, seedDemoStore } from "./catalog";
import { AdminState, isoSeconds, toCents } from "./state";
import { buildWebhookPayload, orderRefunds, type JsonObject } from "./webhook-payloads";
import { deliverTopicWebhook, deliverWebhook, WEBHOOK_TOPICS, type WebhookTopic } from "./webhook-sender";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SAMPLES_DIR = path.resolve(repoRoot, "../shared/data/shopify/webhooks-2026-04");
const sampleFile = (topic: string) => path.join(SAMPLES_DIR, `${topic.replace(/\//g, "_")}.json`);
const loadSample = (topic: string) => JSON.parse(readFileSync(sampleFile(topic), "utf8")) as JsonObject;
const missing = (what: string) => `SKIPPED: needs ${what} (Shopify's documented webhook examples from ../shared/data); absent here`;

const SHOP = "lumen-and-leaf.myshopify.com";
const NOW = new Date("2025-06-02T15:30:00Z");
const DAY = 86_400_000;
const ATTRIBUTES = [
  { key: "_concierge_session", value: "cs_8f2a1b" },
  { key: "_concierge_expert", value: "exp_42" },
  { key: "gift_note", value: null },
];

/** A seeded shop plus one rich order: a known customer, three lines, EXPERT15, cart attributes. */
function fixture() {
  const state = new AdminState(() => NOW);
  const store = seedDemoStore(state, SHOP, { baseUrl: "http://sandbox.test", orderCount: 40, now: NOW });
  const maria = store.customerByPhone("+13055550142")!;
  const serum = store.productByHandle("dewdrop-hydrating-serum")!;
  const toner = store.productByHandle("rosewater-balancing-toner")!;
  const shampoo = store.productByHandle("silk-repair-shampoo")!;
  const [serum50] = store.variantsOf(serum).slice(1);
  const order = store.addOrder({
    customerId: maria.id,
    lineItems: [
      { variantId: serum50.id, quantity: 2 },
      { variantId: store.variantsOf(toner)[0].id, quantity: 1 },
      { variantId: store.variantsOf(shampoo)[0].id, quantity: 1 },
    ],
    discountCodes: [EXPERT_CODE],
    customAttributes: ATTRIBUTES,
    note: "Leave at the door",
    tags: ["concierge", "vip"],
    // Before the sitewide Holiday 40 (which wouldn't combine with EXPERT15) started.
    createdAt: isoSeconds(NOW.getTime() - 10 * DAY),
  });
  return { state, store, maria, order, serum, serum50 };
}

function fulfilledFixture() {
  const f = fixture();
  const fulfillment = f.store.fulfillOrder(f.order.id, { company: "UPS", number: "1Z999AA10123456784", at: isoSeconds(NOW.getTime() - 9 * DAY) });
  f.store.updateShipment(f.order.id, "IN_TRANSIT", isoSeconds(NOW.getTime() - 8 * DAY));
  return { ...f, fulfillment };
}

/** Each topic's body for the shape comparison, from a fresh fixture. */
function bodyFor(topic: WebhookTopic): JsonObject {
  const f = fulfilledFixture();
  const { store, order, fulfillment, maria } = f;
  switch (topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/paid":
    case "orders/fulfilled":
      return buildWebhookPayload(topic, store, order.id);
    case "orders/cancelled":
      return buildWebhookPayload(topic, store, { orderId: order.id, reason: "customer", refund: true });
    case "fulfillments/create":
    case "fulfillments/update":
      return buildWebhookPayload(topic, store, fulfillment.id);
    case "fulfillment_events/create":
      return buildWebhookPayload(topic, store, { fulfillmentId: fulfillment.id, status: "in_transit" });
    case "refunds/create":
      return buildWebhookPayload(topic, store, { orderId: order.id, lineItems: [{ lineItemId: order.lineItems[0].id, quantity: 1 }], note: "Pump arrived broken" });
    case "products/update":
      return buildWebhookPayload(topic, store, f.serum.id);
    case "discounts/create":
    case "discounts/update":
    case "discounts/delete":
      return buildWebhookPayload(topic, store, store.discountByCode(EXPERT_CODE)!.id);
    case "app/uninstalled":
      return buildWebhookPayload(topic, store);
    case "app/scopes_update":
      return buildWebhookPayload(topic, store, { previous: ["read_products"], current: ["read_products", "read_orders"] });
    case "customers/data_request":
    case "customers/redact":
      return buildWebhookPayload(topic, store, maria.id);
    case "shop/redact":
      return buildWebhookPayload(topic, store);
  }
}

// ---- shape comparison ----

type JsonType = "null" | "array" | "object" | "string" | "number" | "boolean";
const jsonType = (v: unknown): JsonType => (v === null ? "null" : Array.isArray(v) ? "array" : (typeof v as JsonType));
const MONEY = /^-?\d+\.\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const dateStyle = (s: string) => `${/\.\d+/.test(s) ? "fractional" : "seconds"}, ${s.endsWith("Z") ? "Z" : "offset"}`;

/** Keys some element of a sample array has null for: null is a value Shopify sends there. */
const sampleNulls = new WeakMap<object, Set<string>>();

/** One element standing for a sample array: per key, the first element's non-null, non-empty value. */
function representative(items: unknown[]): unknown {
  if (!items.every((i) => jsonType(i) === "object")) return items[0];
  const merged: Record<string, unknown> = {};
  const nulls = new Set<string>();
  for (const item of items as Record<string, unknown>[]) {
    for (const [key, value] of Object.entries(item)) {
      if (value === null) nulls.add(key);
      const have = merged[key];
      if (!(key in merged) || have === null || (Array.isArray(have) && have.length === 0)) merged[key] = value;
    }
  }
  sampleNulls.set(merged, nulls);
  return merged;
}

/** Not modelled by the state, so always null here, though the samples fill them in. */
const NOT_MODELLED = ["company"];

/**
 * Differences between a generated value and Shopify's sample: keys (exactly, or only ours ⊆
 * sample's with `subset`), JSON types, money and date formats, recursively. A sample null
 * says nothing about the type; ours may be null where the sample isn't only at `nullable` paths.
 */
function shapeProblems(sample: unknown, ours: unknown, opts: { nullable?: string[]; subset?: boolean } = {}, at = ""): string[] {
  const st = jsonType(sample);
  const ot = jsonType(ours);
  const where = at || "(root)";
  if (st === "null") return [];
  if (ot === "null") {
    const allowed = [...(opts.nullable ?? []), ...NOT_MODELLED].some((n) => at === n || at.endsWith(`.${n}`));
    return allowed ? [] : [`${where}: null where the sample has ${st}`];
  }
  if (st !== ot) return [`${where}: ${ot} where the sample has ${st} (${JSON.stringify(ours)?.slice(0, 60)})`];
  if (st === "string") {
    const s = sample as string;
    const o = ours as string;
    if (MONEY.test(s) && !MONEY.test(o)) return [`${where}: "${o}" isn't money like "${s}"`];
    if (DATETIME.test(s) && !(DATETIME.test(o) && dateStyle(o) === dateStyle(s))) return [`${where}: "${o}" isn't a time like "${s}"`];
    return [];
  }
  if (st === "array") {
    const s = sample as unknown[];
    const o = ours as unknown[];
    if (s.length === 0 || o.length === 0) return [];
    const rep = representative(s);
    return o.flatMap((item) => shapeProblems(rep, item, opts, `${at}[]`));
  }
  if (st === "object") {
    const s = sample as Record<string, unknown>;
    const o = ours as Record<string, unknown>;
    const problems: string[] = [];
    const extra = Object.keys(o).filter((k) => !(k in s));
    const lacking = Object.keys(s).filter((k) => !(k in o));
    if (extra.length) problems.push(`${where}: keys not in the sample: ${extra.join(", ")}`);
    if (lacking.length && !opts.subset) problems.push(`${where}: missing the sample's keys: ${lacking.join(", ")}`);
    const nulls = sampleNulls.get(s);
    for (const key of Object.keys(o)) {
      if (!(key in s) || (o[key] === null && nulls?.has(key))) continue;
      problems.push(...shapeProblems(s[key], o[key], opts, at ? `${at}.${key}` : key));
    }
    return problems;
  }
  return [];
}

const sortedKeys = (value: unknown) => Object.keys(value as object).sort();
const firstOf = (value: unknown) => (value as unknown[])[0];

/** Where our body may be null though the sample has a value (the state has nothing there). */
const NULLABLE: Partial<Record<WebhookTopic, string[]>> = {
  "orders/create": ["cancel_reason", "cancelled_at"],
  "orders/updated": ["cancel_reason", "cancelled_at"],
  "orders/paid": ["cancel_reason", "cancelled_at"],
  "orders/fulfilled": ["cancel_reason", "cancelled_at"],
  "refunds/create": ["user_id"],
  "products/update": ["variants[].compare_at_price"],
};

describe("webhook bodies have the keys and types of Shopify's samples", () => {
  it.skipIf(!existsSync(SAMPLES_DIR))(existsSync(SAMPLES_DIR) ? `samples are in ${SAMPLES_DIR}` : missing(SAMPLES_DIR), () => {
    for (const topic of WEBHOOK_TOPICS) expect(existsSync(sampleFile(topic)), sampleFile(topic)).toBe(true);
  });

  for (const topic of WEBHOOK_TOPICS) {
    const file = sampleFile(topic);
    const present = existsSync(file);
    it.skipIf(!present)(present ? `${topic} matches ${path.basename(file)}` : `${topic}: ${missing(file)}`, () => {
      const sample = loadSample(topic);
      const body = bodyFor(topic);
      expect(JSON.parse(JSON.stringify(body))).toEqual(body); // plain JSON, no undefined
      expect(sortedKeys(body)).toEqual(sortedKeys(sample));
      for (const nested of ["customer", "destination", "shipping_address", "billing_address"]) {
        if (jsonType(sample[nested]) === "object" && jsonType(body[nested]) === "object") expect(sortedKeys(body[nested]), nested).toEqual(sortedKeys(sample[nested]));
      }
      for (const list of ["line_items", "fulfillments", "refund_line_items", "transactions", "variants"]) {
        const ours = body[list] as unknown[] | undefined;
        const theirs = sample[list] as unknown[] | undefined;
        if (ours?.length && theirs?.length) expect(sortedKeys(ours[0]), `${list}[0]`).toEqual(sortedKeys(theirs[0]));
      }
      expect(shapeProblems(sample, body, { nullable: NULLABLE[topic] })).toEqual([]);
    });
  }

  const ordersAndFulfillments = existsSync(sampleFile("orders/create")) && existsSync(sampleFile("fulfillments/create"));
  it.skipIf(!ordersAndFulfillments)(
    ordersAndFulfillments ? "an order's fulfillments[0] and its line items use the samples' keys and types" : missing(`${sampleFile("orders/create")} and ${sampleFile("fulfillments/create")}`),
    () => {
      const { store, order } = fulfilledFixture();
      const body = buildWebhookPayload("orders/fulfilled", store, order.id);
      const fulfillment = firstOf(body.fulfillments) as JsonObject;
      const fulfillmentSample = loadSample("fulfillments/create");
      const orderSample = loadSample("orders/create");
      // Inside an order Shopify leaves out the fulfillment's email and destination, and its
      // line items are the order's line items.
      expect(Object.keys(fulfillment).filter((k) => !(k in fulfillmentSample))).toEqual([]);
      expect(Object.keys(fulfillmentSample).filter((k) => !(k in fulfillment)).sort()).toEqual(["destination", "email"]);
      const { line_items: _lines, ...rest } = fulfillment;
      expect(shapeProblems(fulfillmentSample, rest, { subset: true })).toEqual([]);
      expect(sortedKeys(firstOf(fulfillment.line_items))).toEqual(sortedKeys(firstOf(orderSample.line_items)));
      expect(shapeProblems(orderSample.line_items, fulfillment.line_items)).toEqual([]);
    },
  );

  const ordersAndRefunds = existsSync(sampleFile("orders/create")) && existsSync(sampleFile("refunds/create"));
  it.skipIf(!ordersAndRefunds)(
    ordersAndRefunds ? "an order's refunds[] look like the refunds/create sample" : missing(`${sampleFile("orders/create")} and ${sampleFile("refunds/create")}`),
    () => {
      const { store, order } = fixture();
      buildWebhookPayload("refunds/create", store, { orderId: order.id, amount: "5.00", note: "Goodwill" });
      const body = buildWebhookPayload("orders/updated", store, order.id);
      expect((body.refunds as unknown[]).length).toBe(1);
      expect(shapeProblems(loadSample("refunds/create"), firstOf(body.refunds), { nullable: ["user_id"] })).toEqual([]);
      expect(shapeProblems(loadSample("orders/create"), body, { nullable: ["cancel_reason", "cancelled_at"] })).toEqual([]);
    },
  );
});

// ---- values ----

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const cents = (value: unknown) => toCents(value as string);
type Line = { id: number; discount_allocations: { amount: string; discount_application_index: number }[] } & JsonObject;

describe("order bodies", () => {
  it("carry the order's custom attributes as note_attributes, and what the app reads", () => {
    const { store, order, maria } = fixture();
    const body = buildWebhookPayload("orders/create", store, order.id);

    expect(body.note_attributes).toEqual([
      { name: "_concierge_session", value: "cs_8f2a1b" },
      { name: "_concierge_expert", value: "exp_42" },
      { name: "gift_note", value: null },
    ]);
    expect(body).toMatchObject({
      id: order.id,
      admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
      name: order.name,
      number: order.number - 1000,
      order_number: order.number,
      email: maria.email,
      contact_email: maria.email,
      phone: "+13055550142",
      currency: "USD",
      financial_status: "paid",
      fulfillment_status: null,
      note: "Leave at the door",
      tags: "concierge, vip",
      test: false,
      source_name: "web",
      confirmation_number: order.confirmationNumber,
    });
    expect(body.order_status_url).toMatch(new RegExp(`^https://${SHOP}/${store.info.id}/orders/\\w+/authenticate\\?key=\\w+$`));
    expect(body.customer).toMatchObject({
      id: maria.id,
      email: "maria.alvarez@example.com",
      phone: "+13055550142",
      first_name: "Maria",
      last_name: "Alvarez",
      state: "disabled",
      admin_graphql_api_id: `gid://shopify/Customer/${maria.id}`,
      default_address: { customer_id: maria.id, city: "Miami", province_code: "FL", country_code: "US", default: true },
    });
    expect(body.shipping_address).toMatchObject({ first_name: "Maria", last_name: "Alvarez", name: "Maria Alvarez", city: "Miami", zip: "33131", country_code: "US" });

    const lines = body.line_items as Line[];
    expect(lines.map((l) => [l.id, l.product_id, l.variant_id, l.title, l.variant_title, l.quantity, l.price, l.sku, l.vendor])).toEqual(
      order.lineItems.map((l) => [l.id, l.productId, l.variantId, l.title, l.variantTitle, l.quantity, l.unitPrice, l.sku, l.vendor]),
    );
    expect(lines[0]).toMatchObject({ name: "Dewdrop Hydrating Serum - 50 ml", variant_title: "50 ml", current_quantity: 2, fulfillable_quantity: 2, fulfillment_status: null });
    expect(lines[1]).toMatchObject({ name: "Rosewater Balancing Toner", variant_title: null });
  });

  it("agree on money: totals, discount codes, applications and per-line allocations", () => {
    const { store, order } = fixture();
    const body = buildWebhookPayload("orders/create", store, order.id);
    const lines = body.line_items as Line[];

    // 2 × 54 + 24 skin care get 15% off; the shampoo doesn't.
    expect(body.total_line_items_price).toBe("156.00");
    expect(body.total_discounts).toBe("19.80");
    expect(body.subtotal_price).toBe("136.20");
    expect(body.total_price).toBe("136.20");
    expect(body.current_total_price).toBe("136.20");
    expect(body.total_outstanding).toBe("0.00");
    expect(body.total_price_set).toEqual({ shop_money: { amount: "136.20", currency_code: "USD" }, presentment_money: { amount: "136.20", currency_code: "USD" } });
    expect(cents(body.total_line_items_price) - cents(body.total_discounts)).toBe(cents(body.total_price));

    expect(body.discount_codes).toEqual([{ code: EXPERT_CODE, amount: "19.80", type: "percentage" }]);
    expect(body.discount_applications).toEqual([
      { target_type: "line_item", type: "discount_code", value: "15.0", value_type: "percentage", allocation_method: "across", target_selection: "entitled", code: EXPERT_CODE },
    ]);
    expect(lines.map((l) => l.discount_allocations.map((a) => [a.amount, a.discount_application_index]))).toEqual([[["16.20", 0]], [["3.60", 0]], []]);
    lines.forEach((l, i) => expect(sum(l.discount_allocations.map((a) => cents(a.amount)))).toBe(toCents(order.lineItems[i].discount)));
  });

  it("split combined discounts between their applications", () => {
    const { store, maria } = fixture();
    const skin = [...store.collections.values()].find((c) => c.handle === "skin-care")!;
    store.addDiscount({ method: "code", title: "Five off skin", code: "FIVE", value: { amount: "5.00", appliesOnEachItem: false }, items: { collectionIds: [skin.id] }, combinesWith: { productDiscounts: true }, startsAt: isoSeconds(NOW.getTime() - 30 * DAY) });
    store.addDiscount({ method: "automatic", title: "Serum week", value: { percentage: 0.1 }, items: { productIds: [store.productByHandle("dewdrop-hydrating-serum")!.id], variantIds: [] }, combinesWith: { productDiscounts: true }, startsAt: isoSeconds(NOW.getTime() - 30 * DAY), endsAt: isoSeconds(NOW.getTime() - 5 * DAY) });
    const order = store.addOrder({
      customerId: maria.id,
      lineItems: [{ variantId: store.productByHandle("dewdrop-hydrating-serum")!.variantIds[0], quantity: 1 }, { variantId: store.productByHandle("rosewater-balancing-toner")!.variantIds[0], quantity: 1 }],
      discountCodes: ["FIVE"],
      createdAt: isoSeconds(NOW.getTime() - 10 * DAY),
    });
    expect(order.appliedDiscountIds).toHaveLength(2);
    const body = buildWebhookPayload("orders/create", store, order.id);
    const apps = body.discount_applications as JsonObject[];
    expect(apps.map((a) => [a.type, a.value, a.value_type, a.code ?? a.title])).toEqual([
      ["discount_code", "5.0", "fixed_amount", "FIVE"],
      ["automatic", "10.0", "percentage", "Serum week"],
    ]);
    const lines = body.line_items as Line[];
    lines.forEach((l, i) => expect(sum(l.discount_allocations.map((a) => cents(a.amount)))).toBe(toCents(order.lineItems[i].discount)));
    const byApp = [0, 1].map((index) => sum(lines.flatMap((l) => l.discount_allocations.filter((a) => a.discount_application_index === index).map((a) => cents(a.amount)))));
    expect(byApp).toEqual([500, 380]);
    expect(body.discount_codes).toEqual([{ code: "FIVE", amount: "5.00", type: "fixed_amount" }]);
    expect(body.total_discounts).toBe("8.80");
  });

  it("write times in the shop's time zone, at the same instants as the state", () => {
    const { store, order } = fixture();
    const body = buildWebhookPayload("orders/create", store, order.id);
    expect(body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-04:00$/); // New York in May: EDT
    expect(Date.parse(body.created_at as string)).toBe(Date.parse(order.createdAt));
    expect(Date.parse(body.processed_at as string)).toBe(Date.parse(order.processedAt));
    const winter = store.addOrder({ customerId: order.customerId, lineItems: [{ variantId: order.lineItems[2].variantId!, quantity: 1 }], createdAt: "2025-01-15T17:00:00Z" });
    expect(buildWebhookPayload("orders/create", store, winter.id).created_at).toBe("2025-01-15T12:00:00-05:00");
  });

  it("describe a guest order without a customer", () => {
    const { store, order } = fixture();
    const guest = store.addOrder({ email: "guest@example.com", lineItems: [{ variantId: order.lineItems[2].variantId!, quantity: 1 }] });
    const body = buildWebhookPayload("orders/create", store, guest.id);
    expect(body).toMatchObject({ customer: null, email: "guest@example.com", shipping_address: null, billing_address: null, shipping_lines: [], buyer_accepts_marketing: false });
  });

  it("build for every seeded order, seeded refunds included", () => {
    const { store } = fixture();
    for (const order of store.orders.values()) {
      const body = buildWebhookPayload("orders/updated", store, order.id);
      expect(JSON.parse(JSON.stringify(body))).toEqual(body);
      expect(body.financial_status).toBe(order.financialStatus.toLowerCase());
      expect(body.fulfillment_status).toBe({ UNFULFILLED: null, PARTIALLY_FULFILLED: "partial", FULFILLED: "fulfilled" }[store.fulfillmentStatus(order)]);
      const lines = body.line_items as Line[];
      expect(sum(lines.flatMap((l) => l.discount_allocations.map((a) => cents(a.amount))))).toBe(toCents(order.totalDiscounts));
      if (order.financialStatus === "REFUNDED") {
        const refunds = body.refunds as JsonObject[];
        expect(refunds).toHaveLength(1);
        expect((refunds[0].transactions as JsonObject[])[0].amount).toBe(order.total);
        expect(body.current_total_price).toBe("0.00");
      }
    }
  });
});

describe("fulfillment bodies and events", () => {
  it("fulfillments/create describes the shipment: tracking, destination, line quantities", () => {
    const { store, order, fulfillment } = fulfilledFixture();
    const body = buildWebhookPayload("fulfillments/create", store, fulfillment.id);
    expect(body).toMatchObject({
      id: fulfillment.id,
      admin_graphql_api_id: `gid://shopify/Fulfillment/${fulfillment.id}`,
      order_id: order.id,
      name: `${order.name}.1`,
      status: "success",
      shipment_status: "in_transit",
      tracking_company: "UPS",
      tracking_number: "1Z999AA10123456784",
      tracking_numbers: ["1Z999AA10123456784"],
      tracking_url: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
      email: "maria.alvarez@example.com",
      destination: { city: "Miami", province_code: "FL" },
    });
    const lines = body.line_items as JsonObject[];
    expect(lines.map((l) => [l.id, l.quantity, l.fulfillable_quantity, l.fulfillment_status])).toEqual(order.lineItems.map((l) => [l.id, l.quantity, 0, "fulfilled"]));
  });

  it("fulfillment_events/create records the event and moves the shipment along", () => {
    const { store, order, fulfillment } = fulfilledFixture();
    const body = buildWebhookPayload("fulfillment_events/create", store, { fulfillmentId: fulfillment.id, status: "delivered" });
    expect(body).toMatchObject({
      fulfillment_id: fulfillment.id,
      order_id: order.id,
      status: "delivered",
      message: "Delivered",
      city: "Miami",
      province: "Florida",
      country: "US",
      zip: "33131",
      shop_id: store.info.id,
      admin_graphql_api_id: `gid://shopify/FulfillmentEvent/${body.id}`,
    });
    expect(Date.parse(body.happened_at as string)).toBe(NOW.getTime());
    expect(fulfillment.displayStatus).toBe("DELIVERED");
    expect(fulfillment.deliveredAt).toBe(isoSeconds(NOW));
    const orderBody = buildWebhookPayload("orders/updated", store, order.id);
    expect((firstOf(orderBody.fulfillments) as JsonObject).shipment_status).toBe("delivered");
  });

  it("an event the shipment already reached is dated when it got there", () => {
    const { store, fulfillment } = fulfilledFixture();
    const inTransitAt = fulfillment.inTransitAt!;
    const body = buildWebhookPayload("fulfillment_events/create", store, { fulfillmentId: fulfillment.id, status: "in_transit" });
    expect(Date.parse(body.happened_at as string)).toBe(Date.parse(inTransitAt));
    expect(body).toMatchObject({ city: null, country: "US" });
    expect(fulfillment.displayStatus).toBe("IN_TRANSIT");
  });
});

describe("refunds/create", () => {
  it("refunds line items, applies the refund to the order and shows it on later order bodies", () => {
    const { store, order, maria } = fixture();
    const spentBefore = toCents(store.customerTotals(maria.id).amountSpent);
    const line = order.lineItems[0]; // 2 × 54.00 less 16.20
    const body = buildWebhookPayload("refunds/create", store, { orderId: order.id, lineItems: [{ lineItemId: line.id, quantity: 1 }], note: "Pump arrived broken" });

    expect(body).toMatchObject({ order_id: order.id, note: "Pump arrived broken", restock: false, order_adjustments: [] });
    expect(body.refund_line_items).toMatchObject([{ line_item_id: line.id, quantity: 1, restock_type: "no_restock", subtotal: 45.9, total_tax: 0, subtotal_set: { shop_money: { amount: "45.90" } }, line_item: { id: line.id } }]);
    expect(body.transactions).toMatchObject([{ kind: "refund", status: "success", amount: "45.90", order_id: order.id }]);

    expect(order.currentTotal).toBe("90.30");
    expect(order.financialStatus).toBe("PARTIALLY_REFUNDED");
    expect(order.updatedAt).toBe(isoSeconds(NOW));
    expect(toCents(store.customerTotals(maria.id).amountSpent)).toBe(spentBefore - 4590);

    const orderBody = buildWebhookPayload("orders/updated", store, order.id);
    expect(orderBody).toMatchObject({ financial_status: "partially_refunded", current_total_price: "90.30", total_price: "136.20" });
    expect((orderBody.refunds as JsonObject[]).map((r) => r.id)).toEqual([body.id]);
    expect((orderBody.line_items as JsonObject[])[0]).toMatchObject({ quantity: 2, current_quantity: 1, fulfillable_quantity: 1 });

    // Rebuilding an existing refund changes nothing.
    expect(buildWebhookPayload("refunds/create", store, { orderId: order.id, refundId: body.id as number })).toEqual(body);
    expect(order.currentTotal).toBe("90.30");
  });

  it("an amount without lines is a refund discrepancy; the rest refunds the order fully", () => {
    const { store, order } = fixture();
    const goodwill = buildWebhookPayload("refunds/create", store, { orderId: order.id, amount: 10 });
    expect(goodwill.refund_line_items).toEqual([]);
    expect(goodwill.order_adjustments).toMatchObject([{ kind: "refund_discrepancy", amount: "-10.00", refund_id: goodwill.id, order_id: order.id }]);
    expect(order).toMatchObject({ currentTotal: "126.20", financialStatus: "PARTIALLY_REFUNDED" });

    expect(() => buildWebhookPayload("refunds/create", store, { orderId: order.id, amount: "500.00" })).toThrow(/refundable/);
    const rest = buildWebhookPayload("refunds/create", store, { orderId: order.id, amount: order.currentTotal, lineItems: order.lineItems.map((l) => ({ lineItemId: l.id, quantity: l.quantity })) });
    expect(rest.transactions).toMatchObject([{ amount: "126.20" }]);
    expect(order).toMatchObject({ currentTotal: "0.00", financialStatus: "REFUNDED" });
    expect(orderRefunds(store, order.id)).toHaveLength(2);
    expect(() => buildWebhookPayload("refunds/create", store, { orderId: order.id, amount: 1 })).toThrow(/only paid orders/);
  });
});

describe("orders/cancelled", () => {
  it("cancels the order in the state (with a refund when asked) and says why", () => {
    const { store, order, maria } = fixture();
    const spentBefore = toCents(store.customerTotals(maria.id).amountSpent);
    const stockBefore = store.variants.get(order.lineItems[0].variantId!)!.inventoryQuantity;
    const body = buildWebhookPayload("orders/cancelled", store, { orderId: order.id, reason: "inventory", refund: true });
    expect(body).toMatchObject({ cancel_reason: "inventory", financial_status: "refunded", current_total_price: "0.00" });
    expect(Date.parse(body.cancelled_at as string)).toBe(NOW.getTime());
    expect(order.cancelledAt).toBe(isoSeconds(NOW));
    expect((body.refunds as JsonObject[])[0]).toMatchObject({ restock: true });
    expect(((body.refunds as JsonObject[])[0].refund_line_items as JsonObject[]).map((l) => l.restock_type)).toEqual(["cancel", "cancel", "cancel"]);
    expect(store.variants.get(order.lineItems[0].variantId!)!.inventoryQuantity).toBe(stockBefore + 2);
    expect(toCents(store.customerTotals(maria.id).amountSpent)).toBe(spentBefore - toCents(order.total));
    // Already cancelled: the same body again.
    expect(buildWebhookPayload("orders/cancelled", store, order.id)).toEqual(body);
  });
});

describe("other topics", () => {
  it("products/update: the product with its variants, options and images", () => {
    const { store, serum } = fixture();
    const body = buildWebhookPayload("products/update", store, serum.id);
    const variants = store.variantsOf(serum);
    expect(body).toMatchObject({ id: serum.id, title: "Dewdrop Hydrating Serum", handle: "dewdrop-hydrating-serum", status: "active", vendor: "Lumen & Leaf", product_type: "Serum", tags: "hydrating, hyaluronic acid, dry skin" });
    expect((body.variants as JsonObject[]).map((v) => [v.id, v.title, v.price, v.sku, v.inventory_quantity, v.option1, v.inventory_policy])).toEqual(
      variants.map((v) => [v.id, v.title, v.price, v.sku, v.inventoryQuantity, v.title, "deny"]),
    );
    expect(body.options).toEqual([{ id: expect.any(Number), product_id: serum.id, name: "Size", position: 1, values: ["30 ml", "50 ml"] }]);
    expect(body.image).toMatchObject({ src: "http://sandbox.test/images/dewdrop-hydrating-serum.svg", product_id: serum.id });
  });

  it("discounts/*: GraphQL ids, status and times; delete removes the discount", () => {
    const { store } = fixture();
    const expert = store.discountByCode(EXPERT_CODE)!;
    const holiday = [...store.discounts.values()].find((d) => d.method === "automatic")!;
    expect(buildWebhookPayload("discounts/create", store, expert.id)).toEqual({
      admin_graphql_api_id: `gid://shopify/DiscountCodeNode/${expert.id}`,
      title: expert.title,
      status: "ACTIVE",
      created_at: expect.stringMatching(/-0[45]:00$/),
      updated_at: expect.stringMatching(/-0[45]:00$/),
    });
    expect(buildWebhookPayload("discounts/update", store, holiday.id)).toMatchObject({ admin_graphql_api_id: `gid://shopify/DiscountAutomaticNode/${holiday.id}`, status: "ACTIVE" });
    const summer = store.discountByCode("SUMMER20")!;
    expect(buildWebhookPayload("discounts/update", store, summer.id)).toMatchObject({ status: "EXPIRED" });

    const deleted = buildWebhookPayload("discounts/delete", store, expert.id);
    expect(deleted).toEqual({ admin_graphql_api_id: `gid://shopify/DiscountCodeNode/${expert.id}`, deleted_at: expect.stringMatching(/-04:00$/) });
    expect(store.discounts.has(expert.id)).toBe(false);
    expect(() => buildWebhookPayload("discounts/delete", store, expert.id)).toThrow(/method/);
    expect(buildWebhookPayload("discounts/delete", store, { discountId: expert.id, method: "code" })).toMatchObject({ admin_graphql_api_id: `gid://shopify/DiscountCodeNode/${expert.id}` });
  });

  it("app/uninstalled is the shop; app/scopes_update lists before and after", () => {
    const { store } = fixture();
    expect(buildWebhookPayload("app/uninstalled", store)).toMatchObject({
      id: store.info.id,
      name: "Lumen & Leaf",
      myshopify_domain: SHOP,
      domain: "lumenandleaf.example",
      email: "hello@lumenandleaf.example",
      currency: "USD",
      iana_timezone: "America/New_York",
      timezone: "(GMT-05:00) Eastern Time (US & Canada)", // the zone's standard offset, as Rails writes it
      money_format: "${{amount}}",
      province_code: "NC",
      plan_name: "partner_test",
    });
    const scopes = buildWebhookPayload("app/scopes_update", store, { previous: ["read_products"], current: ["read_products", "read_orders"] });
    expect(scopes).toEqual({ id: expect.any(Number), shop_id: `gid://shopify/Shop/${store.info.id}`, previous: ["read_products"], current: ["read_products", "read_orders"], updated_at: NOW.toISOString() });
  });

  it("compliance topics name the customer and their orders, or the shop", () => {
    const { store, maria } = fixture();
    const orderIds = store.ordersOf(maria.id).map((o) => o.id);
    expect(orderIds.length).toBeGreaterThan(1);
    const customer = { id: maria.id, email: "maria.alvarez@example.com", phone: "+13055550142" };
    expect(buildWebhookPayload("customers/data_request", store, { customerId: maria.id, dataRequestId: 77 })).toEqual({
      shop_id: store.info.id, shop_domain: SHOP, customer, orders_requested: orderIds, data_request: { id: 77 },
    });
    expect(buildWebhookPayload("customers/redact", store, maria.id)).toEqual({ shop_id: store.info.id, shop_domain: SHOP, customer, orders_to_redact: orderIds });
    expect(buildWebhookPayload("shop/redact", store)).toEqual({ shop_id: store.info.id, shop_domain: SHOP });
  });

  it("refuses unknown refs", () => {
    const { store } = fixture();
    expect(() => buildWebhookPayload("orders/create", store, 1)).toThrow(/unknown order 1/);
    expect(() => buildWebhookPayload("fulfillments/create", store, 1)).toThrow(/unknown fulfillment/);
    expect(() => buildWebhookPayload("customers/redact", store, 1)).toThrow(/unknown customer/);
  });
});

const APP_SECRET = "testApiSecretKey"; // what test/setup-env.ts gives the app

describe("the app's webhook route receiving the sandbox's deliveries", () => {
  afterAll(closeTestQueues);

  /** deliverWebhook's request, handed to the Remix action instead of the network. */
  const viaRoute = (action: typeof ordersCreateRoute.action): typeof fetch => async (input, init) => callRoute(action, new Request(String(input), init));

  it("accepts orders/create from the sandbox, records it and mirrors the order", async () => {
    const shop = uniqueShop();
    const state = new AdminState(() => new Date("2025-06-02T15:30:00Z"));
    const store = seedDemoStore(state, shop.domain, { baseUrl: "http://sandbox.test", orderCount: 5 });
    const maria = store.customerByPhone("+13055550142")!;
    const order = store.addOrder({
      customerId: maria.id,
      lineItems: [{ variantId: store.productByHandle("dewdrop-hydrating-serum")!.variantIds[0], quantity: 1 }],
      discountCodes: [EXPERT_CODE],
      customAttributes: [{ key: "_concierge_session", value: "cs_1" }],
      createdAt: isoSeconds(Date.parse("2025-05-20T12:00:00Z")),
    });

    const result = await deliverTopicWebhook({ appUrl: APP_URL, apiSecret: APP_SECRET, store, topic: "orders/create", ref: order.id, fetch: viaRoute(ordersCreateRoute.action) });
    expect(result.status).toBe(200);
    const event = await db.webhookEvent.findUnique({ where: { id: result.webhookId } });
    expect(event).toMatchObject({ shop: shop.domain, topic: "ORDERS_CREATE", apiVersion: "2026-04" });

    const failures = await drainQueue(QueueName.webhooks, (job) => processWebhookEvent(db, job.data.eventId, env.ENCRYPTION_KEY));
    expect(failures).toEqual([]);
    const mirrored = await db.shopOrder.findUnique({ where: { shop_shopifyOrderId: { shop: shop.domain, shopifyOrderId: String(order.id) } } });
    expect(mirrored).toMatchObject({
      name: order.name,
      customerId: String(maria.id),
      phone: "+13055550142",
      email: "maria.alvarez@example.com",
      totalCents: 3230, // 38.00 less 15%
      currency: "USD",
      financialStatus: "paid",
      fulfillmentStatus: null,
      discountCodes: JSON.stringify([EXPERT_CODE]),
    });
    expect(mirrored!.processedAt.toISOString()).toBe("2025-05-20T12:00:00.000Z");
  });

  it("answers 401 to a forged delivery and records nothing", async () => {
    const shop = uniqueShop();
    const result = await deliverWebhook({
      appUrl: APP_URL, topic: "orders/create", shop: shop.domain, payload: { id: 1 }, apiSecret: "not-the-secret", fetch: viaRoute(ordersCreateRoute.action),
    });
    expect(result.status).toBe(401);
    expect(await db.webhookEvent.findUnique({ where: { id: result.webhookId } })).toBeNull();
  });
});
