// The worker's half of the outbox: send one queued message through Twilio, exactly once.
// Before every Twilio call the row is marked "sending" with the attempt time; a retry that
// finds it still "sending" (the worker died, or Twilio timed out) asks Twilio for recent
// messages to that number and adopts a match instead of sending again.
import type { Db } from "~/db.server";
import type { Publish } from "~/lib/live.server";
import type { MessageGateway } from "~/integrations/twilio/messages.server";
import { twilioRestError } from "~/integrations/twilio/messages.server";
import { advanceStatus, describeErrorCode, isMessageStatus, isOptOutError } from "./delivery-status.server";
import { defaultMps, type SenderKind, type SenderRateLimiter } from "./rate-limit.server";
import { decide } from "./outbox.server";
import type { MessageKind } from "./send-policy.server";
import { recordOptOut } from "./opt-out.server";

export type DispatchDeps = {
  db: Db;
  gateway: MessageGateway;
  limiter: SenderRateLimiter;
  publish: Publish;
  statusCallbackUrl: (shop: string) => string;
  now?: () => Date;
};

export type DispatchResult =
  | { result: "sent"; sid: string }
  | { result: "adopted"; sid: string }
  | { result: "retry_at"; at: Date; why: string }
  | { result: "done"; status: string };

/** Statuses after which the outbox never calls Twilio for this row again. */
const SETTLED = new Set(["sent", "delivered", "undelivered", "failed", "read", "blocked", "canceled", "accepted", "scheduled"]);
/** How far back a retry looks for a message Twilio may already have accepted. */
const LOOKUP_SLACK_MS = 2 * 60 * 1000;

export type Sender = { key: string; from: string | null; messagingServiceSid: string | null; mps: number };

/**
 * Who a message goes out from: the writing expert's own number, else the conversation's
 * expert's (so the shopper keeps one thread), else the shop's Messaging Service, else a
 * shared shop number, else any number the shop has.
 */
export async function resolveSender(db: Db, shop: string, expertId: string | null, conversationId: string | null = null): Promise<Sender | null> {
  const conversationExpert = conversationId
    ? (await db.conversation.findFirst({ where: { shop, id: conversationId }, select: { expertId: true } }))?.expertId ?? null
    : null;
  const own =
    (expertId ? await db.senderNumber.findFirst({ where: { shop, expertId } }) : null) ??
    (conversationExpert ? await db.senderNumber.findFirst({ where: { shop, expertId: conversationExpert } }) : null);
  const mpsFor = (kind: string, mps: number | null) => mps ?? defaultMps(kind as SenderKind);
  if (own) return { key: own.phoneNumber, from: own.phoneNumber, messagingServiceSid: null, mps: mpsFor(own.kind, own.mps) };
  const shopRow = await db.shop.findUnique({ where: { shop } });
  if (shopRow?.messagingServiceSid)
    return { key: shopRow.messagingServiceSid, from: null, messagingServiceSid: shopRow.messagingServiceSid, mps: shopRow.defaultSenderMps ?? 1 };
  const shared =
    (await db.senderNumber.findFirst({ where: { shop, expertId: null }, orderBy: { createdAt: "asc" } })) ??
    (await db.senderNumber.findFirst({ where: { shop }, orderBy: { createdAt: "asc" } }));
  if (shared) return { key: shared.phoneNumber, from: shared.phoneNumber, messagingServiceSid: null, mps: mpsFor(shared.kind, shared.mps) };
  return null;
}

export async function dispatchMessage(deps: DispatchDeps, shop: string, messageId: string): Promise<DispatchResult> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const message = await db.message.findFirst({ where: { shop, id: messageId, direction: "outbound" } });
  if (!message) return { result: "done", status: "missing" };
  if (message.twilioSid || SETTLED.has(message.status)) return { result: "done", status: message.status };

  const event = (type: string, detail: string | null = null) => ({ create: { shop, type, detail } });
  const settle = async (data: Record<string, unknown>, type: string, detail: string | null) => {
    await db.message.update({ where: { id: message.id }, data: { ...data, events: event(type, detail) } });
    await deps.publish(shop, { type: "message", conversationId: message.conversationId, messageId: message.id, status: String(data.status ?? message.status) });
  };

  // The world may have changed while it waited: opted out, consent, or quiet hours.
  const decision = await decide(db, shop, message.shopperId, message.kind as MessageKind, now);
  if (decision.decision === "block") {
    await settle({ status: "blocked", statusReason: decision.reason, heldUntil: null }, "blocked", decision.reason);
    return { result: "done", status: "blocked" };
  }
  if (decision.decision === "hold") {
    if (message.status !== "held" || message.heldUntil?.getTime() !== decision.until.getTime())
      await settle({ status: "held", statusReason: decision.reason, heldUntil: decision.until }, "held", decision.reason);
    return { result: "retry_at", at: decision.until, why: decision.reason };
  }

  const sender = await resolveSender(db, shop, message.expertId, message.conversationId);
  if (!sender) {
    const reason = "no SMS number or Messaging Service is set up for this shop";
    await settle({ status: "blocked", statusReason: reason }, "blocked", reason);
    return { result: "done", status: "blocked" };
  }

  if (message.status === "sending" && message.sendAttemptedAt) {
    const adopted = await adoptEarlierAttempt(deps, shop, message, sender);
    if (adopted) return { result: "adopted", sid: adopted };
  }

  const claimed = await db.message.updateMany({
    where: { id: message.id, twilioSid: null, status: { in: ["queued", "held", "sending"] } },
    data: { status: "sending", sendAttemptedAt: now, attempts: { increment: 1 }, heldUntil: null, statusReason: null, fromNumber: sender.from },
  });
  if (claimed.count === 0) return { result: "done", status: "claimed elsewhere" };

  // The sender's slot is taken last, right before the request, so Twilio sees our pacing.
  const slot = await reserveSlot(deps.limiter, sender);
  if (!slot.ok) {
    // Nothing was sent: hand the row back as it was, and wait for a slot.
    await db.message.update({ where: { id: message.id }, data: { status: message.status === "held" ? "queued" : message.status, sendAttemptedAt: message.sendAttemptedAt } });
    return { result: "retry_at", at: new Date(Date.now() + slot.retryInMs), why: "sender rate limit" };
  }

  try {
    const sent = await deps.gateway.create({
      to: message.toNumber!,
      from: sender.from,
      messagingServiceSid: sender.messagingServiceSid,
      body: message.body,
      mediaUrl: JSON.parse(message.mediaUrls) as string[],
      statusCallback: deps.statusCallbackUrl(shop),
    });
    const status = (isMessageStatus(sent.status) && advanceStatus("sending", sent.status)) || "queued";
    await settle({ twilioSid: sent.sid, status: status === "sending" ? "queued" : status, sentAt: now, fromNumber: sent.from ?? sender.from }, "accepted", null);
    return { result: "sent", sid: sent.sid };
  } catch (error) {
    const rest = twilioRestError(error);
    if (!rest || rest.status >= 500 || rest.status === 429) throw error; // unknown outcome: retry, and look Twilio up first
    const description = rest.code ? describeErrorCode(rest.code) : rest.message;
    await settle({ status: "failed", errorCode: rest.code, statusReason: description }, "failed", description);
    if (isOptOutError(rest.code)) await recordOptOut(db, shop, message.shopperId, { keyword: String(rest.code), source: "carrier_21610", at: now });
    return { result: "done", status: "failed" };
  }
}

/** Short waits for the sender's next slot are slept through; longer ones go back to the queue. */
const MAX_INLINE_WAIT_MS = 2_000;

// Jobs of one process take a sender's slots one at a time, in arrival order, instead of all
// polling Redis at once (the limiter itself is shared by every process).
const senderLines = new Map<string, Promise<void>>();

async function reserveSlot(limiter: SenderRateLimiter, sender: Sender) {
  const ahead = senderLines.get(sender.key) ?? Promise.resolve();
  let leave!: () => void;
  const line = ahead.then(() => new Promise<void>((resolve) => (leave = resolve)));
  senderLines.set(sender.key, line);
  await ahead;
  try {
    const deadline = Date.now() + MAX_INLINE_WAIT_MS;
    for (;;) {
      const slot = await limiter.reserve(sender.key, sender.mps);
      if (slot.ok || Date.now() + slot.retryInMs > deadline) return slot;
      await new Promise((r) => setTimeout(r, slot.retryInMs));
    }
  } finally {
    leave();
    if (senderLines.get(sender.key) === line) senderLines.delete(sender.key);
  }
}

async function adoptEarlierAttempt(
  deps: DispatchDeps,
  shop: string,
  message: { id: string; toNumber: string | null; body: string; sendAttemptedAt: Date | null; conversationId: string | null },
  sender: Sender,
): Promise<string | null> {
  const since = message.sendAttemptedAt!.getTime() - LOOKUP_SLACK_MS;
  const recent = await deps.gateway.recentTo(message.toNumber!, { from: sender.from, limit: 100 });
  const candidates = recent.filter((r) => r.body === message.body && r.dateCreated.getTime() >= since);
  if (candidates.length === 0) return null;
  const known = new Set(
    (await deps.db.message.findMany({ where: { twilioSid: { in: candidates.map((c) => c.sid) } }, select: { twilioSid: true } })).map((m) => m.twilioSid),
  );
  const match = candidates.find((c) => !known.has(c.sid));
  if (!match) return null;
  await deps.db.message.update({
    where: { id: message.id },
    data: {
      twilioSid: match.sid,
      status: (isMessageStatus(match.status) && advanceStatus("sending", match.status)) || "queued",
      sentAt: match.dateCreated,
      events: { create: { shop, type: "accepted", detail: "found at Twilio after an interrupted attempt; not sent again" } },
    },
  });
  await deps.publish(shop, { type: "message", conversationId: message.conversationId, messageId: message.id, status: "queued" });
  return match.sid;
}
