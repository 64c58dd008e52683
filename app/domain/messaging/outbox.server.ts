// The outbox: the only way an SMS leaves the app. Every outbound message, whoever starts it,
// becomes a Message row with a unique business key, passes the send policy, and is handed to
// the worker with jobId = that key. Nothing is dropped: a "no" is a recorded hold or block.
import type { Db } from "~/db.server";
import type { Publish } from "~/lib/live.server";
import { evaluateSendPolicy, type MessageKind, type SendPolicyDecision } from "./send-policy.server";
import { resolveRecipient } from "./recipient-region.server";
import { segmentInfo } from "./segments.server";

export type OutboundDraft = {
  shop: string;
  shopperId: string;
  conversationId?: string | null;
  kind: MessageKind;
  author: "expert" | "automation";
  expertId?: string | null;
  body: string;
  mediaUrls?: string[];
  /** Unique per shop; the same key twice is the same message. */
  businessKey: string;
};

/** Hands a message to the worker to run at `runAt`. Idempotent per business key. */
export type EnqueueSend = (messageId: string, businessKey: string, runAt: Date) => Promise<void>;

export type OutboxDeps = { db: Db; enqueue: EnqueueSend; publish: Publish; now?: () => Date };

export const MAX_BODY_LENGTH = 1600; // Twilio's limit for one message.

export class OutboxInputError extends Error {}

/** Everything the policy needs, gathered from the database for one shopper. */
export async function policyFacts(db: Db, shop: string, shopperId: string) {
  const [shopper, shopRow, consents] = await Promise.all([
    db.shopper.findFirst({ where: { shop, id: shopperId } }),
    db.shop.findUnique({ where: { shop } }),
    db.consentRecord.count({ where: { shop, shopperId } }),
  ]);
  if (!shopper) return null;
  const shopTimezone = shopRow?.timezone ?? "America/New_York";
  const recipient = await resolveRecipient({ shopperTimezone: shopper.timezone, phone: shopper.phone, shopTimezone });
  return {
    shopper,
    hasConsentRecord: consents > 0,
    lastInboundAt: shopper.lastInboundAt,
    optedOut: shopper.optedOut,
    recipient,
    shopWindow: shopRow ? { start: shopRow.quietHoursStartMinute, end: shopRow.quietHoursEndMinute } : null,
  };
}

export async function decide(db: Db, shop: string, shopperId: string, kind: MessageKind, now: Date): Promise<SendPolicyDecision> {
  const facts = await policyFacts(db, shop, shopperId);
  if (!facts) return { decision: "block", reason: "the shopper no longer exists", code: "no_consent" };
  return evaluateSendPolicy({ now, kind, ...facts });
}

export type QueueResult = {
  messageId: string;
  outcome: "queued" | "held" | "blocked" | "duplicate";
  reason?: string;
  heldUntil?: Date;
};

export async function queueMessage(deps: OutboxDeps, draft: OutboundDraft): Promise<QueueResult> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const body = draft.body.trim();
  if (!body && !draft.mediaUrls?.length) throw new OutboxInputError("A message needs text or a picture");
  if (body.length > MAX_BODY_LENGTH) throw new OutboxInputError(`A message can be at most ${MAX_BODY_LENGTH} characters`);

  const existing = await db.message.findUnique({ where: { shop_businessKey: { shop: draft.shop, businessKey: draft.businessKey } } });
  if (existing) return { messageId: existing.id, outcome: "duplicate" };

  const facts = await policyFacts(db, draft.shop, draft.shopperId);
  if (!facts) throw new OutboxInputError("Unknown shopper");
  const decision = evaluateSendPolicy({ now, kind: draft.kind, ...facts });
  const segments = segmentInfo(body);
  const status = decision.decision === "send" ? "queued" : decision.decision === "hold" ? "held" : "blocked";
  const reason = decision.decision === "send" ? null : decision.reason;

  let messageId: string;
  try {
    const message = await db.message.create({
      data: {
        shop: draft.shop,
        shopperId: draft.shopperId,
        conversationId: draft.conversationId ?? null,
        direction: "outbound",
        channel: draft.mediaUrls?.length ? "mms" : "sms",
        author: draft.author,
        kind: draft.kind,
        expertId: draft.expertId ?? null,
        body,
        mediaUrls: JSON.stringify(draft.mediaUrls ?? []),
        businessKey: draft.businessKey,
        status,
        statusReason: reason,
        heldUntil: decision.decision === "hold" ? decision.until : null,
        toNumber: facts.shopper.phone,
        segments: segments.segments,
        encoding: segments.encoding,
        events: { create: { shop: draft.shop, type: status, detail: reason } },
      },
    });
    messageId = message.id;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      const raced = await db.message.findUniqueOrThrow({ where: { shop_businessKey: { shop: draft.shop, businessKey: draft.businessKey } } });
      return { messageId: raced.id, outcome: "duplicate" };
    }
    throw error;
  }

  if (draft.conversationId && draft.author === "expert") await recordExpertReply(db, draft.shop, draft.conversationId, messageId, now);
  if (decision.decision !== "block") await deps.enqueue(messageId, draft.businessKey, decision.decision === "hold" ? decision.until : now);
  await deps.publish(draft.shop, { type: "message", conversationId: draft.conversationId ?? null, messageId, status });
  return {
    messageId,
    outcome: status,
    ...(reason ? { reason } : {}),
    ...(decision.decision === "hold" ? { heldUntil: decision.until } : {}),
  };
}

/** The expert answered: the conversation waits on the shopper now; first response time is kept. */
async function recordExpertReply(db: Db, shop: string, conversationId: string, messageId: string, now: Date) {
  const conversation = await db.conversation.findFirst({ where: { shop, id: conversationId } });
  if (!conversation) return;
  // Only the first reply to a waiting shopper counts towards response time.
  if (conversation.status === "awaiting_expert") {
    const since = conversation.lastInboundAt ?? conversation.createdAt;
    await db.message.update({ where: { id: messageId }, data: { responseSeconds: Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000)) } });
  }
  await db.conversation.update({
    where: { id: conversation.id },
    data: {
      status: conversation.status === "closed" ? "closed" : "awaiting_shopper",
      lastOutboundAt: now,
      lastActivityAt: now,
      firstResponseAt: conversation.firstResponseAt ?? now,
    },
  });
}
