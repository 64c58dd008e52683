// Inbound SMS and delivery callbacks, recorded by the web process, applied here.
import type { Db } from "~/db.server";
import { decryptJson } from "~/lib/crypto.server";
import { handleInbound } from "~/domain/messaging/inbound.server";
import { applyStatusCallback } from "~/domain/messaging/delivery.server";
import type { OutboxDeps } from "~/domain/messaging/outbox.server";

/** Tells the assigned expert about a conversation that just started. */
export type NotifyNewConversation = (shop: string, conversationId: string) => Promise<void>;

export async function processTwilioEvent(deps: OutboxDeps, eventId: string, encryptionKey: string, notify?: NotifyNewConversation) {
  const db: Db = deps.db;
  const event = await db.webhookEvent.findUnique({ where: { id: eventId } });
  if (!event || event.processedAt || !event.payload) return "skipped";
  const form = decryptJson<Record<string, string>>(event.payload, encryptionKey);
  if (event.topic === "twilio/inbound") {
    const result = await handleInbound(deps, event.shop, form);
    if (result.newConversation && notify) await notify(event.shop, result.conversationId);
  } else {
    await applyStatusCallback(deps, event.shop, form);
  }
  await db.webhookEvent.update({ where: { id: eventId }, data: { processedAt: new Date(), payload: null } });
  return "processed";
}
