// Twilio status callbacks move an outbound message forward (never back). Failures become
// plain words in the thread; 21610 also marks the shopper opted out.
import type { Db } from "~/db.server";
import type { Publish } from "~/lib/live.server";
import { advanceStatus, describeErrorCode, isMessageStatus, isOptOutError } from "./delivery-status.server";
import { recordOptOut } from "./opt-out.server";

export class UnknownMessageError extends Error {}

export async function applyStatusCallback(deps: { db: Db; publish: Publish; now?: () => Date }, shop: string, form: Record<string, string>) {
  const { db } = deps;
  const sid = form.MessageSid ?? form.SmsSid;
  const incoming = form.MessageStatus ?? form.SmsStatus ?? "";
  const message = sid ? await db.message.findFirst({ where: { shop, twilioSid: sid } }) : null;
  // The callback can beat the worker's write of the SID; a retry will find it.
  if (!message) throw new UnknownMessageError(`no message with SID ${sid} yet`);
  const current = isMessageStatus(message.status) ? message.status : null;
  const next = advanceStatus(current, incoming);
  if (!next || next === message.status) return { changed: false as const, status: message.status };

  const errorCode = form.ErrorCode ? Number.parseInt(form.ErrorCode, 10) : null;
  const reason = errorCode ? describeErrorCode(errorCode) : null;
  const now = deps.now?.() ?? new Date();
  await db.message.update({
    where: { id: message.id },
    data: {
      status: next,
      ...(errorCode ? { errorCode, statusReason: reason } : {}),
      ...(next === "delivered" ? { deliveredAt: now } : {}),
      events: { create: { shop, type: next, detail: reason } },
    },
  });
  if (isOptOutError(errorCode)) await recordOptOut(db, shop, message.shopperId, { keyword: "21610", source: "carrier_21610", at: now });
  await deps.publish(shop, { type: "message", conversationId: message.conversationId, messageId: message.id, status: next });
  return { changed: true as const, status: next };
}
