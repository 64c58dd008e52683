// Messaging test rig: a shop with a sender number and an expert, shoppers in a known state,
// the Twilio stand-in, and the real dispatch running through BullMQ.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { Job } from "bullmq";
import { DelayedError } from "bullmq";
import { db } from "~/db.server";
import { dispatchMessage, type DispatchDeps } from "~/domain/messaging/dispatch.server";
import { createSenderRateLimiter } from "~/domain/messaging/rate-limit.server";
import type { OutboxDeps } from "~/domain/messaging/outbox.server";
import { twilioGateway } from "~/integrations/twilio/messages.server";
import { QueueName, toJobId } from "~/jobs/queues.server";
import { startTwilioStandIn as startTwilio, standInTwilioClient as sandboxTwilioClient, type TwilioStandIn as TwilioSandbox } from "./stand-ins";
import { testQueue, uniqueShop } from "./helpers";
import { drainQueue } from "./workers";

export const ACCOUNT_SID = "AC00000000000000000000000000000000";
export const AUTH_TOKEN = "test_twilio_auth_token_0000";

/** A Wednesday, 15:00 in New York: inside every send window. */
export const AFTERNOON = new Date("2026-11-18T20:00:00Z");
/** The same day, 23:30 in New York: quiet hours. */
export const NIGHT = new Date("2026-11-19T04:30:00Z");

export async function startTwilioStandIn(opts: { timeoutHoldMs?: number } = {}) {
  return startTwilio({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    statusDelaysMs: { sent: 60_000, delivered: 60_000 },
    timeoutHoldMs: opts.timeoutHoldMs ?? 1_500,
    log: () => {},
  });
}

export const outboundAtStandIn = (twilio: TwilioSandbox, to?: string) =>
  twilio.store.messages.filter((m) => m.direction === "outbound-api" && (!to || m.to === to));

export async function messagingShop(opts: { mps?: number } = {}) {
  const shop = uniqueShop();
  await db.shop.create({ data: { shop: shop.domain, name: "Lumen & Leaf", timezone: "America/New_York" } });
  const expert = await db.expert.create({ data: { shop: shop.domain, name: "Ava Brooks", isDefault: true } });
  const sender = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
  await db.senderNumber.create({ data: { shop: shop.domain, phoneNumber: sender, expertId: null, kind: "long_code", mps: opts.mps ?? 50 } });
  return { ...shop, expert, sender };
}

export async function shopperWith(shop: string, state: { phone?: string; consent?: boolean; optedOut?: boolean; lastInboundAt?: Date | null }) {
  const phone = state.phone ?? `+1212555${String(Math.floor(Math.random() * 1e4)).padStart(4, "0")}`;
  const shopper = await db.shopper.create({
    data: { shop, phone, firstName: "Sam", optedOut: state.optedOut ?? false, lastInboundAt: state.lastInboundAt ?? null },
  });
  if (state.consent ?? true) await db.consentRecord.create({ data: { shop, shopperId: shopper.id, wordingVersion: 1, wordingHash: "h" } });
  const conversation = await db.conversation.create({ data: { shop, shopperId: shopper.id } });
  return { shopper, conversation };
}

export function testOutboxDeps(now: () => Date = () => AFTERNOON): OutboxDeps & { enqueued: string[] } {
  const enqueued: string[] = [];
  return {
    db,
    now,
    publish: async () => {},
    enqueued,
    enqueue: async (messageId, businessKey, runAt) => {
      enqueued.push(messageId);
      const delay = Math.max(0, runAt.getTime() - now().getTime());
      const { shop } = await db.message.findUniqueOrThrow({ where: { id: messageId } });
      await testQueue(QueueName.outbox).add("send", { shop, messageId }, { jobId: toJobId(`${shop}:${businessKey}`), delay });
    },
  };
}

export function testDispatchDeps(twilio: TwilioSandbox, opts: { now?: () => Date; timeoutMs?: number } = {}): DispatchDeps {
  const client = sandboxTwilioClient(twilio.url, ACCOUNT_SID, AUTH_TOKEN, { timeout: opts.timeoutMs ?? 5_000 });
  return {
    db,
    gateway: twilioGateway(client),
    limiter: createSenderRateLimiter(new Redis(process.env.REDIS_URL!), { prefix: `${process.env.QUEUE_PREFIX}:mps:${randomUUID()}` }),
    publish: async () => {},
    statusCallbackUrl: (shop) => `http://127.0.0.1:9/twilio/status?shop=${shop}`,
    now: opts.now ?? (() => AFTERNOON),
  };
}

/** Runs the outbox queue through the real dispatch until it is empty (held jobs stay delayed). */
export async function runOutbox(deps: DispatchDeps) {
  return drainQueue(QueueName.outbox, async (job: Job, token?: string) => {
    const result = await dispatchMessage(deps, job.data.shop, job.data.messageId);
    if (result.result === "retry_at") {
      // In tests a held message stays held; note it and stop.
      await job.moveToDelayed(result.at.getTime() + 3600_000, token);
      throw new DelayedError();
    }
    return result;
  }, { waitForDelayed: false });
}
