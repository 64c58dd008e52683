// Processing one recorded webhook. Each handler is idempotent and the event is marked
// processed afterwards, so a replayed job or redelivery has no second effect.
import type { Db } from "~/db.server";
import { decryptJson } from "~/lib/crypto.server";
import { markUninstalled, updateScopes } from "~/domain/shops/shops.server";
import { redactCustomer, redactShop, type CustomerRedactPayload } from "~/domain/privacy/redact.server";
import { storeCustomerExport, type DataRequestPayload } from "~/domain/privacy/export.server";
import { upsertOrder, type OrderPayload } from "~/domain/orders/orders.server";

export type WebhookContext = { db: Db; shop: string; payload: unknown; encryptionKey: string };
type Handler = (ctx: WebhookContext) => Promise<unknown>;

const orderMirror: Handler = ({ db, shop, payload }) => upsertOrder(db, shop, payload as OrderPayload);

/** Topics in Shopify's enum form, as authenticate.webhook reports them. */
export const webhookHandlers: Record<string, Handler> = {
  APP_UNINSTALLED: ({ db, shop }) => markUninstalled(db, shop),
  APP_SCOPES_UPDATE: ({ db, shop, payload }) => updateScopes(db, shop, (payload as { current?: string[] }).current ?? []),
  SHOP_REDACT: ({ db, shop }) => redactShop(db, shop),
  CUSTOMERS_REDACT: ({ db, shop, payload }) => redactCustomer(db, shop, payload as CustomerRedactPayload),
  CUSTOMERS_DATA_REQUEST: ({ db, shop, payload, encryptionKey }) =>
    storeCustomerExport(db, shop, payload as DataRequestPayload, encryptionKey),
  ORDERS_CREATE: orderMirror,
  ORDERS_UPDATED: orderMirror,
  ORDERS_PAID: orderMirror,
  ORDERS_FULFILLED: orderMirror,
  ORDERS_CANCELLED: orderMirror,
};

export type ProcessResult = "processed" | "duplicate" | "missing" | "unhandled";

export async function processWebhookEvent(db: Db, eventId: string, encryptionKey: string): Promise<ProcessResult> {
  const event = await db.webhookEvent.findUnique({ where: { id: eventId } });
  if (!event) return "missing";
  if (event.processedAt) return "duplicate";
  const handler = webhookHandlers[event.topic] as Handler | undefined;
  if (handler && event.payload) {
    const payload = decryptJson<unknown>(event.payload, encryptionKey);
    await handler({ db, shop: event.shop, payload, encryptionKey });
  }
  // shop/redact deletes the event row itself; nothing is left to mark.
  await db.webhookEvent.updateMany({
    where: { id: eventId, shop: event.shop },
    data: { processedAt: new Date(), payload: null, error: null },
  });
  return handler ? "processed" : "unhandled";
}
