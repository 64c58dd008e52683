// Delivers a webhook to the app the way Shopify does: the JSON body POSTed to the
// subscription's URI, signed with the app's secret (base64 HMAC-SHA256 of the raw body),
// with Shopify's X-Shopify-* headers.
import { randomUUID } from "node:crypto";
import { webhookHmac } from "../shopify-signing";
import type { ShopStore } from "./state";
import { buildWebhookPayload, type WebhookRefArgs } from "./webhook-payloads";

/** The topics the sandbox can send (the app subscribes to each, see shopify.app.toml). */
export const WEBHOOK_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/paid",
  "orders/fulfilled",
  "orders/cancelled",
  "fulfillments/create",
  "fulfillments/update",
  "fulfillment_events/create",
  "refunds/create",
  "products/update",
  "discounts/create",
  "discounts/update",
  "discounts/delete",
  "app/uninstalled",
  "app/scopes_update",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

export const DEFAULT_WEBHOOK_API_VERSION = "2026-04";

/** The app's URI for a topic: `/webhooks/orders/create`, `/webhooks/customers/redact`, … */
export const webhookPath = (topic: string) => `/webhooks/${topic}`;

/** `X-Shopify-Triggered-At` carries microseconds: `2025-07-10T16:15:47.123000Z`. */
export const triggeredAtHeader = (at: Date | number | string = new Date()) => new Date(at).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");

export interface WebhookHeaderOptions {
  topic: string;
  shop: string;
  /** The exact bytes that are sent; the HMAC is computed over them. */
  rawBody: string;
  apiSecret: string;
  apiVersion?: string;
  webhookId?: string;
  eventId?: string;
  triggeredAt?: Date | number | string;
  /** The subscription's `name`, sent as X-Shopify-Name only when the subscription has one. */
  name?: string;
}

/** Shopify's delivery headers, named and ordered as in its documentation. */
export function webhookHeaders(opts: WebhookHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": opts.topic,
    "X-Shopify-Hmac-Sha256": webhookHmac(opts.rawBody, opts.apiSecret),
    "X-Shopify-Shop-Domain": opts.shop,
    "X-Shopify-API-Version": opts.apiVersion ?? DEFAULT_WEBHOOK_API_VERSION,
    "X-Shopify-Webhook-Id": opts.webhookId ?? randomUUID(),
    "X-Shopify-Triggered-At": triggeredAtHeader(opts.triggeredAt),
    "X-Shopify-Event-Id": opts.eventId ?? randomUUID(),
  };
  if (opts.name) headers["X-Shopify-Name"] = opts.name;
  return headers;
}

export interface DeliverWebhookOptions {
  /** The app's base URL, e.g. `http://127.0.0.1:3000`. */
  appUrl: string;
  /** Defaults to `webhookPath(topic)`. */
  path?: string;
  topic: string;
  /** The shop's myshopify domain. */
  shop: string;
  /** A JSON value, or an already serialised body (sent and signed byte for byte). */
  payload: unknown;
  apiSecret: string;
  apiVersion?: string;
  /** Reuse to simulate a redelivery of the same webhook; a fresh uuid otherwise. */
  webhookId?: string;
  eventId?: string;
  triggeredAt?: Date | number | string;
  name?: string;
  /** Shopify gives up on a delivery after 5 seconds. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface WebhookDeliveryResult {
  status: number;
  webhookId: string;
  eventId: string;
  /** The app's response body, as text. */
  body: string;
  /** What was sent. */
  headers: Record<string, string>;
  rawBody: string;
}

export async function deliverWebhook(opts: DeliverWebhookOptions): Promise<WebhookDeliveryResult> {
  const rawBody = typeof opts.payload === "string" ? opts.payload : JSON.stringify(opts.payload);
  const headers = webhookHeaders({ ...opts, rawBody });
  const url = opts.appUrl.replace(/\/+$/, "") + (opts.path ?? webhookPath(opts.topic));
  const response = await (opts.fetch ?? fetch)(url, {
    method: "POST",
    headers,
    body: rawBody,
    redirect: "manual",
    signal: AbortSignal.timeout(opts.timeoutMs ?? 5_000),
  });
  return {
    status: response.status,
    webhookId: headers["X-Shopify-Webhook-Id"],
    eventId: headers["X-Shopify-Event-Id"],
    body: await response.text(),
    headers,
    rawBody,
  };
}

/** Builds a topic's body from the stand-in's state and delivers it. */
export async function deliverTopicWebhook<T extends WebhookTopic>(
  opts: Omit<DeliverWebhookOptions, "topic" | "shop" | "payload"> & { store: ShopStore; topic: T; ref?: WebhookRefArgs<T>[0] },
): Promise<WebhookDeliveryResult & { payload: Record<string, unknown> }> {
  const { store, topic, ref, ...rest } = opts;
  const payload = buildWebhookPayload(topic, store, ...([ref] as WebhookRefArgs<T>));
  const result = await deliverWebhook({ ...rest, topic, shop: store.domain, payload });
  return { ...result, payload };
}
