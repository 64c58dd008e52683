// The sandbox's webhook deliveries as an app receives them: Shopify's headers and an HMAC
// that @shopify/shopify-api (node adapter) accepts, and rejects when forged. The app's own
// route receiving a delivery is in webhook-payloads.test.ts (it brings the Remix adapter,
// and the library's adapter is process-wide).
import "@shopify/shopify-api/adapters/node";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ApiVersion, LogSeverity, ShopifyHeader, shopifyApi } from "@shopify/shopify-api";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoStore } from "./catalog";
import { AdminState } from "./state";
import { buildWebhookPayload } from "./webhook-payloads";
import { deliverTopicWebhook, deliverWebhook, triggeredAtHeader, WEBHOOK_TOPICS, webhookHeaders, webhookPath } from "./webhook-sender";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SAMPLES_DIR = path.resolve(repoRoot, "../shared/data/shopify/webhooks-2026-04");
const HEADERS_EXAMPLE = path.join(SAMPLES_DIR, "_headers_example.json");
const HAS_HEADERS_EXAMPLE = existsSync(HEADERS_EXAMPLE);

const SECRET = "testApiSecretKey"; // test/setup-env.ts gives the app this secret
const SHOP = "lumen-and-leaf.myshopify.com";

function demoStore() {
  const state = new AdminState(() => new Date("2025-06-02T15:30:00Z"));
  return seedDemoStore(state, SHOP, { baseUrl: "http://sandbox.test", orderCount: 20 });
}

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  rawBody: string;
  validation: Awaited<ReturnType<ReturnType<typeof shopifyApi>["webhooks"]["validate"]>>;
}

describe("deliverWebhook → an app validating with @shopify/shopify-api", () => {
  const shopify = shopifyApi({
    apiKey: "testApiKey",
    apiSecretKey: SECRET,
    apiVersion: ApiVersion.April26,
    hostName: "concierge.example",
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
  });
  const received: Received[] = [];
  let server: Server;
  let appUrl: string;

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const validation = await shopify.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
      received.push({ method: req.method!, url: req.url!, headers: req.headers, rawBody, validation });
      res.writeHead(validation.valid ? 200 : 401, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ ok: validation.valid }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("POSTs the body byte for byte with an HMAC the library accepts", async () => {
    const store = demoStore();
    const order = [...store.orders.values()][3];
    const payload = buildWebhookPayload("orders/create", store, order.id);
    const result = await deliverWebhook({ appUrl, topic: "orders/create", shop: SHOP, payload, apiSecret: SECRET });

    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ ok: true });
    const got = received.at(-1)!;
    expect(got.method).toBe("POST");
    expect(got.url).toBe("/webhooks/orders/create");
    expect(got.rawBody).toBe(JSON.stringify(payload));
    expect(got.rawBody).toBe(result.rawBody);
    expect(got.validation).toEqual({
      valid: true,
      webhookType: "webhooks",
      hmac: result.headers["X-Shopify-Hmac-Sha256"],
      topic: "ORDERS_CREATE",
      domain: SHOP,
      apiVersion: "2026-04",
      webhookId: result.webhookId,
      eventId: result.eventId,
      triggeredAt: result.headers["X-Shopify-Triggered-At"],
    });
    expect(result.webhookId).toMatch(/^[0-9a-f-]{36}$/);
    expect(got.headers["x-shopify-hmac-sha256"]).toBe(getHmac(got.rawBody, SECRET));
    expect(got.headers["content-type"]).toBe("application/json");
  });

  it("a forged secret fails the library's validation", async () => {
    const result = await deliverWebhook({ appUrl, topic: "shop/redact", shop: SHOP, payload: { shop_id: 1, shop_domain: SHOP }, apiSecret: "not-the-secret" });
    expect(result.status).toBe(401);
    expect(received.at(-1)!.validation).toMatchObject({ valid: false, reason: "invalid_hmac" });
  });

  it("a body changed after signing fails too", async () => {
    const payload = { shop_id: 1, shop_domain: SHOP };
    const headers = webhookHeaders({ topic: "shop/redact", shop: SHOP, rawBody: JSON.stringify(payload), apiSecret: SECRET });
    const res = await fetch(`${appUrl}/webhooks/shop/redact`, { method: "POST", headers, body: JSON.stringify({ ...payload, shop_id: 2 }) });
    expect(res.status).toBe(401);
  });

  it("keeps a given webhook id (a redelivery) and sends a string payload as is", async () => {
    const raw = '{"shop_id":60110000001,"shop_domain":"lumen-and-leaf.myshopify.com"}';
    const first = await deliverWebhook({ appUrl, topic: "shop/redact", shop: SHOP, payload: raw, apiSecret: SECRET, webhookId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043" });
    const again = await deliverWebhook({ appUrl, topic: "shop/redact", shop: SHOP, payload: raw, apiSecret: SECRET, webhookId: first.webhookId });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(received.slice(-2).map((r) => [r.rawBody, r.headers["x-shopify-webhook-id"]])).toEqual([[raw, first.webhookId], [raw, first.webhookId]]);
    expect(first.eventId).not.toBe(again.eventId);
  });

  it("builds from the stand-in's state and delivers in one call, to every topic's path", async () => {
    const store = demoStore();
    const maria = store.customerByPhone("+13055550142")!;
    const result = await deliverTopicWebhook({ appUrl, apiSecret: SECRET, store, topic: "customers/redact", ref: maria.id, apiVersion: "2026-04" });
    expect(result.status).toBe(200);
    expect(result.payload).toMatchObject({ shop_domain: SHOP, customer: { id: maria.id } });
    expect(received.at(-1)).toMatchObject({ url: "/webhooks/customers/redact", validation: { valid: true, topic: "CUSTOMERS_REDACT" } });
    const uninstalled = await deliverTopicWebhook({ appUrl, apiSecret: SECRET, store, topic: "app/uninstalled", name: "uninstall" });
    expect(uninstalled.status).toBe(200);
    expect(received.at(-1)).toMatchObject({ url: "/webhooks/app/uninstalled", validation: { valid: true, topic: "APP_UNINSTALLED", name: "uninstall" } });
  });
});

describe("headers", () => {
  const headers = webhookHeaders({ topic: "orders/create", shop: SHOP, rawBody: "{}", apiSecret: SECRET, triggeredAt: Date.UTC(2025, 6, 10, 16, 15, 47) });

  it.skipIf(!HAS_HEADERS_EXAMPLE)(
    HAS_HEADERS_EXAMPLE ? "have the names and formats of Shopify's example" : `SKIPPED: needs ${HEADERS_EXAMPLE} (Shopify's documented headers, from ../shared/data); absent here`,
    () => {
      const example = JSON.parse(readFileSync(HEADERS_EXAMPLE, "utf8")) as Record<string, string>;
      const exampleNames = Object.keys(example).filter((name) => name !== "_note" && name !== "POST");
      // X-Shopify-Name only comes with subscriptions that have a name.
      expect(Object.keys(headers)).toEqual(exampleNames.filter((name) => name !== "X-Shopify-Name"));
      const named = webhookHeaders({ topic: "orders/create", shop: SHOP, rawBody: "{}", apiSecret: SECRET, name: "product-sync" });
      expect(Object.keys(named).sort()).toEqual([...exampleNames].sort());
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
      const formats: Record<string, RegExp> = {
        "Content-Type": /^application\/json$/,
        "X-Shopify-Hmac-Sha256": /^[A-Za-z0-9+/]{43}=$/, // base64 of 32 bytes
        "X-Shopify-Shop-Domain": /^[a-z0-9-]+\.myshopify\.com$/,
        "X-Shopify-API-Version": /^\d{4}-(01|04|07|10)$/,
        "X-Shopify-Webhook-Id": uuid,
        "X-Shopify-Event-Id": uuid,
        "X-Shopify-Triggered-At": /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/,
      };
      for (const [name, format] of Object.entries(formats)) {
        expect(example[name], `example ${name}`).toMatch(format);
        expect(headers[name], name).toMatch(format);
      }
    },
  );

  it("are the ones @shopify/shopify-api reads", () => {
    expect(Object.keys(headers)).toEqual([
      "Content-Type",
      ShopifyHeader.Topic,
      ShopifyHeader.Hmac,
      ShopifyHeader.Domain,
      ShopifyHeader.ApiVersion,
      ShopifyHeader.WebhookId,
      ShopifyHeader.TriggeredAt,
      ShopifyHeader.EventId,
    ]);
    expect(headers).toMatchObject({
      "Content-Type": "application/json",
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-API-Version": "2026-04",
      "X-Shopify-Triggered-At": "2025-07-10T16:15:47.000000Z",
      "X-Shopify-Hmac-Sha256": getHmac("{}", SECRET),
    });
    expect(triggeredAtHeader("2025-07-10T16:15:47.123Z")).toBe("2025-07-10T16:15:47.123000Z");
  });
});

describe("topics and paths", () => {
  it("each topic has /webhooks/<topic>, the URIs shopify.app.toml subscribes", () => {
    expect(webhookPath("orders/create")).toBe("/webhooks/orders/create");
    expect(webhookPath("fulfillment_events/create")).toBe("/webhooks/fulfillment_events/create");
    expect(webhookPath("customers/data_request")).toBe("/webhooks/customers/data_request");
    const toml = readFileSync(path.join(repoRoot, "shopify.app.toml"), "utf8");
    const uris = [...toml.matchAll(/^\s*uri\s*=\s*"(\/webhooks\/[^"]+)"/gm)].map((m) => m[1]);
    expect([...WEBHOOK_TOPICS].map(webhookPath).sort()).toEqual(uris.sort());
  });
});
