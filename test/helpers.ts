// Shared test helpers: unique shops, signed (and forged) requests for every edge, and
// access to this worker's queues.
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import twilio from "twilio";
import { RequestType, setUpValidRequest, setUpValidSession } from "@shopify/shopify-api/test-helpers";

export const APP_URL = "https://my-test-app.myshopify.io";
export const API_KEY = "testApiKey";
export const API_SECRET = "testApiSecretKey";
export const TWILIO_TOKEN = "test_twilio_auth_token_0000";

export function uniqueShop() {
  const name = `t-${randomUUID().slice(0, 8)}`;
  return { name, domain: `${name}.myshopify.com` };
}

import type { ActionFunctionArgs } from "@remix-run/node";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RouteFn = (args: ActionFunctionArgs) => any;

/** Calls a Remix loader/action; a thrown Response is returned like a returned one. */
export async function callRoute(fn: RouteFn, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    const result = await fn({ request, params, context: {} });
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result), { headers: { "Content-Type": "application/json" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export async function webhookRequest(opts: {
  topic: string;
  shopName: string;
  payload: unknown;
  webhookId?: string;
  forge?: boolean;
}) {
  const webhookId = opts.webhookId ?? randomUUID();
  const request = await setUpValidRequest(
    {
      type: RequestType.Extension,
      store: opts.shopName,
      apiSecretKey: opts.forge ? "not-the-secret" : API_SECRET,
      body: opts.payload,
      headers: {
        "X-Shopify-Topic": opts.topic,
        "X-Shopify-Webhook-Id": webhookId,
        "X-Shopify-API-Version": "2026-04",
        "X-Shopify-Event-Id": randomUUID(),
        "X-Shopify-Triggered-At": new Date().toISOString(),
      },
    },
    new Request(`${APP_URL}/webhooks/${opts.topic}`, { method: "POST" }),
  );
  return { request, webhookId };
}

export async function appProxyRequest(path: string, shopName: string, opts: { forge?: boolean; stale?: boolean } = {}) {
  let request = await setUpValidRequest(
    { type: RequestType.Public, store: shopName, apiSecretKey: API_SECRET },
    new Request(`${APP_URL}${path}`),
  );
  const url = new URL(request.url);
  if (opts.forge) url.searchParams.set("signature", "0".repeat(64));
  if (opts.stale) {
    // Re-sign properly, but with a timestamp from an hour ago.
    const { createHmac } = await import("node:crypto");
    url.searchParams.delete("signature");
    url.searchParams.set("timestamp", String(Math.trunc(Date.now() / 1000) - 3600));
    const message = [...url.searchParams.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join("");
    url.searchParams.set("signature", createHmac("sha256", API_SECRET).update(message).digest("hex"));
  }
  request = new Request(url.href, request);
  return request;
}

export async function checkoutRequest(path: string, shopName: string, opts: { forge?: boolean; method?: string } = {}) {
  return setUpValidRequest(
    { type: RequestType.Bearer, store: shopName, apiKey: API_KEY, apiSecretKey: opts.forge ? "not-the-secret" : API_SECRET },
    new Request(`${APP_URL}${path}`, { method: opts.method ?? "GET", headers: { Origin: "https://extensions.shopifycdn.com" } }),
  );
}

export async function adminRequest(path: string, shopName: string, init: RequestInit = {}, opts: { forge?: boolean } = {}) {
  return setUpValidRequest(
    { type: RequestType.Admin, store: shopName, apiKey: API_KEY, apiSecretKey: opts.forge ? "not-the-secret" : API_SECRET },
    new Request(`${APP_URL}${path}`, init),
  );
}

/** An offline session in storage, so authenticate.admin needs no token exchange. */
export async function installShop(shopDomain: string) {
  const { sessionStorage } = await import("~/shopify.server");
  const session = setUpValidSession({
    id: `offline_${shopDomain}`,
    shop: shopDomain,
    expires: undefined,
    isOnline: false,
    accessToken: "shpat_test",
    scope: process.env.SCOPES,
  });
  await sessionStorage.storeSession(session);
  return session;
}

export function twilioRequest(path: string, params: Record<string, string>, opts: { forge?: boolean; query?: string } = {}) {
  const url = `${APP_URL}${path}${opts.query ?? ""}`;
  const signature = twilio.getExpectedTwilioSignature(opts.forge ? "wrong_token_0000000000" : TWILIO_TOKEN, url, params);
  return new Request(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature },
    body: new URLSearchParams(params).toString(),
  });
}

const queues = new Map<string, Queue>();
export function testQueue(name: string) {
  let q = queues.get(name);
  if (!q) {
    q = new Queue(name, { connection: new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null }), prefix: process.env.QUEUE_PREFIX });
    queues.set(name, q);
  }
  return q;
}

export async function jobsFor(name: string, predicate: (data: Record<string, unknown>) => boolean) {
  const jobs = await testQueue(name).getJobs(["waiting", "delayed", "active", "completed", "failed", "prioritized"]);
  return jobs.filter((j) => j && predicate(j.data));
}

export async function closeTestQueues() {
  await Promise.all([...queues.values()].map((q) => q.close()));
  queues.clear();
}
