// The sandbox's /_sandbox/ control API: events made here show up in the Admin API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP, startDemoAdmin } from "./test-support";

describe("/_sandbox control API", () => {
  let admin: Awaited<ReturnType<typeof startDemoAdmin>>;
  beforeAll(async () => {
    admin = await startDemoAdmin({ schema: "subset" });
  });
  afterAll(() => admin.server.close());

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${admin.server.url}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it("summarises the shops", async () => {
    const body = await (await fetch(`${admin.server.url}/_sandbox/state`)).json();
    expect(body.shops).toEqual([expect.objectContaining({ shop: SHOP, name: "Lumen & Leaf", products: admin.store.products.size, orders: 120 })]);
  });

  it("places an order for a customer by phone, ships it and delivers it, all visible over GraphQL", async () => {
    const serum = admin.store.productByHandle("dewdrop-hydrating-serum")!;
    const variant = admin.store.variants.get(serum.variantIds[0])!;
    const stockBefore = variant.inventoryQuantity;
    const created = await post("/_sandbox/orders", {
      phone: "+1 (305) 555-0142",
      lineItems: [{ sku: variant.sku, quantity: 2 }, { handle: "hand-repair-balm" }],
      customAttributes: [{ key: "concierge_conversation", value: "c-123" }],
    });
    expect(created.status).toBe(201);
    const order = created.body.order;
    expect(order).toMatchObject({ name: "#1121", phone: "+13055550142", adminGraphqlApiId: `gid://shopify/Order/${order.id}` });
    expect(variant.inventoryQuantity).toBe(stockBefore - 2);

    const shipped = await post(`/_sandbox/orders/${encodeURIComponent(order.adminGraphqlApiId)}/fulfill`, { company: "UPS", number: "1Z999AA10123456784" });
    expect(shipped.status).toBe(201);
    expect((await post(`/_sandbox/orders/${order.id}/shipment`, { status: "DELIVERED" })).status).toBe(200);

    const { body } = await admin.graphql(`query O($id: ID!) { order(id: $id) {
      name customer { firstName } customAttributes { key value } displayFulfillmentStatus
      lineItems(first: 5) { nodes { sku quantity } }
      fulfillments(first: 1) { displayStatus deliveredAt trackingInfo { company number url } } } }`, { id: order.adminGraphqlApiId });
    expect(body.data!.order).toMatchObject({
      name: "#1121",
      customer: { firstName: "Maria" },
      customAttributes: [{ key: "concierge_conversation", value: "c-123" }],
      displayFulfillmentStatus: "FULFILLED",
      lineItems: { nodes: [{ sku: variant.sku, quantity: 2 }, { sku: expect.any(String), quantity: 1 }] },
      fulfillments: [{ displayStatus: "DELIVERED", deliveredAt: expect.any(String), trackingInfo: [{ company: "UPS", number: "1Z999AA10123456784", url: expect.stringContaining("ups.com") }] }],
    });
  });

  it("rejects unknown variants and orders", async () => {
    expect((await post("/_sandbox/orders", { lineItems: [{ sku: "NOPE" }] })).status).toBe(422);
    expect((await post("/_sandbox/orders/123/fulfill", {})).status).toBe(404);
  });

  it("issues access tokens for the sandbox to seed the app's session", async () => {
    const { status, body } = await post("/_sandbox/tokens", { shop: SHOP });
    expect(status).toBe(201);
    const { status: graphqlStatus } = await admin.graphql(`{ shop { name } }`, {}, { "X-Shopify-Access-Token": body.access_token });
    expect(graphqlStatus).toBe(200);
  });
});
