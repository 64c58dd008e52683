// Every edge, valid and forged. A forged request is rejected with no row written and no
// job enqueued.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { QueueName } from "~/jobs/queues.server";
import {
  adminRequest,
  appProxyRequest,
  callRoute,
  checkoutRequest,
  closeTestQueues,
  installShop,
  jobsFor,
  twilioRequest,
  uniqueShop,
  webhookRequest,
} from "../../test/helpers";
import * as ordersCreate from "./webhooks.orders.create";
import * as shopRedact from "./webhooks.shop.redact";
import * as proxyProgram from "./proxy.program";
import * as proxyLanding from "./proxy._index";
import * as proxySurvey from "./proxy.survey";
import * as proxyBeacon from "./proxy.beacon";
import * as checkoutProgram from "./api.checkout.program";
import * as twilioInbound from "./twilio.inbound";
import * as twilioStatus from "./twilio.status";
import * as settings from "./app.settings";

afterAll(closeTestQueues);

const webhookJobs = (eventId: string) => jobsFor(QueueName.webhooks, (d) => d.eventId === eventId);
const twilioJobs = (eventId: string) => jobsFor(QueueName.twilioEvents, (d) => d.eventId === eventId);

describe("webhook routes (authenticate.webhook)", () => {
  it("records and enqueues a valid delivery, answering 200", async () => {
    const shop = uniqueShop();
    const { request, webhookId } = await webhookRequest({ topic: "orders/create", shopName: shop.name, payload: { id: 1 } });
    const res = await callRoute(ordersCreate.action, request);
    expect(res.status).toBe(200);
    const event = await db.webhookEvent.findUnique({ where: { id: webhookId } });
    expect(event).toMatchObject({ shop: shop.domain, topic: "ORDERS_CREATE", processedAt: null });
    expect(event!.payload).not.toContain("\"id\""); // encrypted at rest
    expect(await webhookJobs(webhookId)).toHaveLength(1);
  });

  it("answers 401 to a bad HMAC and writes nothing", async () => {
    const shop = uniqueShop();
    const { request, webhookId } = await webhookRequest({ topic: "shop/redact", shopName: shop.name, payload: {}, forge: true });
    const res = await callRoute(shopRedact.action, request);
    expect(res.status).toBe(401);
    expect(await db.webhookEvent.count({ where: { shop: shop.domain } })).toBe(0);
    expect(await webhookJobs(webhookId)).toHaveLength(0);
  });

  it("records a delivery redelivered three times once, with one job", async () => {
    const shop = uniqueShop();
    const webhookId = crypto.randomUUID();
    for (let i = 0; i < 3; i++) {
      const { request } = await webhookRequest({ topic: "orders/create", shopName: shop.name, payload: { id: 7 }, webhookId });
      expect((await callRoute(ordersCreate.action, request)).status).toBe(200);
    }
    expect(await db.webhookEvent.count({ where: { id: webhookId } })).toBe(1);
    expect(await webhookJobs(webhookId)).toHaveLength(1);
  });
});

describe("app proxy (signature checked with @shopify/shopify-api)", () => {
  it("serves a correctly signed request", async () => {
    const shop = uniqueShop();
    await db.shop.create({ data: { shop: shop.domain, programEnabled: true } });
    await db.expert.create({ data: { shop: shop.domain, name: "Ava" } });
    const res = await callRoute(proxyProgram.loader, await appProxyRequest("/proxy/program", shop.name));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.enabled).toBe(true);
    expect(body.experts.map((e: { name: string }) => e.name)).toEqual(["Ava"]);
  });

  it("rejects a bad signature with 4xx", async () => {
    const shop = uniqueShop();
    const res = await callRoute(proxyProgram.loader, await appProxyRequest("/proxy/program", shop.name, { forge: true }));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it("rejects a correctly signed but stale timestamp with 4xx", async () => {
    const shop = uniqueShop();
    const res = await callRoute(proxyProgram.loader, await appProxyRequest("/proxy/program", shop.name, { stale: true }));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});

describe("every storefront (app proxy) route refuses unsigned requests and stores nothing", () => {
  const routes = [
    { name: "landing page", call: (r: Request) => callRoute(proxyLanding.loader, r), path: "/proxy", method: "GET" },
    { name: "survey page", call: (r: Request) => callRoute(proxySurvey.loader, r), path: "/proxy/survey", method: "GET" },
    { name: "survey step", call: (r: Request) => callRoute(proxySurvey.action, r), path: "/proxy/survey", method: "POST" },
    { name: "impression beacon", call: (r: Request) => callRoute(proxyBeacon.action, r), path: "/proxy/beacon", method: "POST" },
  ];
  const variants = [
    { name: "a bad signature", opts: { forge: true } },
    { name: "a stale timestamp", opts: { stale: true } },
    { name: "a second shop parameter", opts: {}, tamper: (url: URL) => url.searchParams.append("shop", "other-shop.myshopify.com") },
  ];
  for (const route of routes)
    for (const variant of variants)
      it(`${route.name}: ${variant.name} → 400`, async () => {
        const shop = uniqueShop();
        await db.shop.create({ data: { shop: shop.domain, programEnabled: true } });
        const signed = await appProxyRequest(route.path, shop.name, variant.opts);
        const url = new URL(signed.url);
        variant.tamper?.(url);
        const body = route.method === "POST" ? new URLSearchParams({ question: "q", answer: "a", placements: "fab", placement: "fab" }) : undefined;
        const res = await route.call(new Request(url, { method: route.method, body, headers: { "X-Forwarded-For": "203.0.113.9" } }));
        expect(res.status).toBe(400);
        expect(await res.text()).toMatch(/opened through the store/);
        expect(await db.surveyResponse.count({ where: { shop: shop.domain } })).toBe(0);
        expect(await db.placementStat.count({ where: { shop: shop.domain } })).toBe(0);
      });
});

describe("checkout API (authenticate.public.checkout + CORS)", () => {
  it("serves a valid session token with CORS headers", async () => {
    const shop = uniqueShop();
    const res = await callRoute(checkoutProgram.loader, await checkoutRequest("/api/checkout/program", shop.name));
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(await res.json()).toEqual({ enabled: false, experts: [] });
  });

  it("answers a CORS preflight", async () => {
    const shop = uniqueShop();
    const res = await callRoute(checkoutProgram.loader, await checkoutRequest("/api/checkout/program", shop.name, { method: "OPTIONS" }));
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });

  it("rejects a token signed with the wrong secret", async () => {
    const shop = uniqueShop();
    const res = await callRoute(checkoutProgram.loader, await checkoutRequest("/api/checkout/program", shop.name, { forge: true }));
    expect(res.status).toBe(401);
  });
});

describe("Twilio routes (twilio SDK signature against SHOPIFY_APP_URL + path)", () => {
  const inbound = (sid: string) => ({ MessageSid: sid, AccountSid: "AC00000000000000000000000000000000", From: "+15551230001", To: "+15557654321", Body: "hi" });

  it("records a signed inbound message", async () => {
    const sid = `SM${crypto.randomUUID().replace(/-/g, "")}`;
    const shop = uniqueShop();
    await db.senderNumber.create({ data: { shop: shop.domain, phoneNumber: `+1555${Math.floor(Math.random() * 1e7).toString().padStart(7, "0")}` } })
      .then((s) => s);
    const sender = await db.senderNumber.findFirstOrThrow({ where: { shop: shop.domain } });
    const res = await callRoute(twilioInbound.action, twilioRequest("/twilio/inbound", { ...inbound(sid), To: sender.phoneNumber }));
    expect(res.status).toBe(200);
    expect(await db.webhookEvent.findUnique({ where: { id: `twilio:${sid}:inbound` } })).toMatchObject({ shop: shop.domain });
    expect(await twilioJobs(`twilio:${sid}:inbound`)).toHaveLength(1);
  });

  it("answers 403 to a forged inbound message and stores nothing", async () => {
    const sid = `SM${crypto.randomUUID().replace(/-/g, "")}`;
    const res = await callRoute(twilioInbound.action, twilioRequest("/twilio/inbound", inbound(sid), { forge: true }));
    expect(res.status).toBe(403);
    expect(await db.webhookEvent.count({ where: { id: { startsWith: `twilio:${sid}` } } })).toBe(0);
    expect(await twilioJobs(`twilio:${sid}:inbound`)).toHaveLength(0);
  });

  it("answers 403 when the signed URL differs (another path)", async () => {
    const sid = `SM${crypto.randomUUID().replace(/-/g, "")}`;
    const signedForStatus = twilioRequest("/twilio/status", { MessageSid: sid, MessageStatus: "sent" });
    const replayed = new Request(signedForStatus.url.replace("/twilio/status", "/twilio/inbound"), signedForStatus);
    const res = await callRoute(twilioInbound.action, replayed);
    expect(res.status).toBe(403);
  });

  it("records a signed status callback once, however often it arrives", async () => {
    const sid = `SM${crypto.randomUUID().replace(/-/g, "")}`;
    const shop = uniqueShop();
    for (let i = 0; i < 2; i++) {
      const res = await callRoute(
        twilioStatus.action,
        twilioRequest("/twilio/status", { MessageSid: sid, MessageStatus: "delivered" }, { query: `?shop=${shop.domain}` }),
      );
      expect(res.status).toBe(200);
    }
    expect(await db.webhookEvent.count({ where: { id: `twilio:${sid}:delivered` } })).toBe(1);
    expect(await twilioJobs(`twilio:${sid}:delivered`)).toHaveLength(1);
  });

  it("answers 403 to a forged status callback and stores nothing", async () => {
    const sid = `SM${crypto.randomUUID().replace(/-/g, "")}`;
    const res = await callRoute(
      twilioStatus.action,
      twilioRequest("/twilio/status", { MessageSid: sid, MessageStatus: "delivered" }, { forge: true, query: "?shop=x.myshopify.com" }),
    );
    expect(res.status).toBe(403);
    expect(await db.webhookEvent.count({ where: { id: { startsWith: `twilio:${sid}` } } })).toBe(0);
  });
});

describe("admin routes (authenticate.admin)", () => {
  it("serves an embedded request with a valid session token", async () => {
    const shop = uniqueShop();
    await installShop(shop.domain);
    const res = await callRoute(settings.loader, await adminRequest("/app/settings", shop.name));
    expect(res.status).toBe(200);
    expect((await res.json()).settings.timezone).toBe("America/New_York");
  });

  it("rejects a session token signed with the wrong secret, writing nothing", async () => {
    const shop = uniqueShop();
    await installShop(shop.domain);
    const form = new URLSearchParams({ programEnabled: "on" });
    const res = await callRoute(
      settings.action,
      await adminRequest("/app/settings", shop.name, { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } }, { forge: true }),
    );
    expect([302, 401]).toContain(res.status);
    expect(await db.shop.count({ where: { shop: shop.domain } })).toBe(0);
  });
});
