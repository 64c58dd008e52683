// Webhook intake: record the delivery (payload encrypted) and hand it to the worker.
// The id is the idempotency key: a redelivery finds the row and changes nothing.
import type { Db } from "~/db.server";
import { encryptJson } from "~/lib/crypto.server";

export type WebhookDelivery = {
  webhookId: string;
  topic: string;
  shop: string;
  apiVersion?: string;
  payload: unknown;
};

export async function recordDelivery(db: Db, delivery: WebhookDelivery, encryptionKey: string) {
  const existing = await db.webhookEvent.findUnique({ where: { id: delivery.webhookId } });
  if (existing) return { eventId: existing.id, duplicate: true, processed: existing.processedAt != null };
  try {
    await db.webhookEvent.create({
      data: {
        id: delivery.webhookId,
        shop: delivery.shop,
        topic: delivery.topic,
        apiVersion: delivery.apiVersion ?? null,
        payload: encryptJson(delivery.payload, encryptionKey),
      },
    });
    return { eventId: delivery.webhookId, duplicate: false, processed: false };
  } catch (error) {
    // A concurrent redelivery won the insert.
    if ((error as { code?: string }).code === "P2002") return { eventId: delivery.webhookId, duplicate: true, processed: false };
    throw error;
  }
}
