// The app's queues. Producers (web) enqueue with jobId = the business key, so a repeated
// enqueue of the same work is a no-op while the job exists.
import { Queue, type JobsOptions } from "bullmq";
import { env } from "~/env.server";
import { producerConnection } from "./connection.server";

export const QUEUE_PREFIX = env.QUEUE_PREFIX;

export const QueueName = {
  webhooks: "webhooks",
  twilioEvents: "twilio-events",
  shopSync: "shop-sync",
  outbox: "outbox",
  surveyRescue: "survey-rescue",
  email: "email",
  storefrontSettings: "storefront-settings",
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const defaultJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

// Each queue with the connection made for it: BullMQ leaves a connection it was handed open
// on close, so closeQueues closes it.
const queues = new Map<QueueName, { queue: Queue; connection: ReturnType<typeof producerConnection> }>();

export function getQueue(name: QueueName): Queue {
  let entry = queues.get(name);
  if (!entry) {
    const connection = producerConnection();
    entry = { queue: new Queue(name, { connection, prefix: QUEUE_PREFIX, defaultJobOptions }), connection };
    queues.set(name, entry);
  }
  return entry.queue;
}

export async function closeQueues() {
  const open = [...queues.values()];
  queues.clear();
  await Promise.all(
    open.map(async ({ queue, connection }) => {
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
    }),
  );
}

/** BullMQ reserves ':' in custom ids; business keys use it, so encode it. */
export function toJobId(key: string): string {
  return key.replace(/%/g, "%25").replace(/:/g, "%3A");
}

export async function enqueueWebhookEvent(eventId: string, topic: string) {
  await getQueue(QueueName.webhooks).add(topic, { eventId }, { jobId: toJobId(eventId) });
}

export async function enqueueTwilioEvent(shop: string, eventId: string, kind: "inbound" | "status") {
  await getQueue(QueueName.twilioEvents).add(kind, { shop, eventId }, { jobId: toJobId(eventId) });
}

/** One sync per shop at a time; a newer request while one waits is the same job. */
export async function enqueueShopSync(shop: string) {
  await getQueue(QueueName.shopSync).add("sync", { shop }, { jobId: toJobId(`shop-sync:${shop}`), removeOnComplete: true });
}

/** How long a Promotion page save waits, so the saves of one editing session go out as one write. */
export const STOREFRONT_SETTINGS_DELAY_MS = 1_000;

/**
 * Publishes the Promotion page's placements to the theme (an app-data metafield). One job per
 * shop: saves while it waits join it (it reads the database when it runs), and a save while it
 * runs queues exactly one more (keepLastIfActive), so the last save always reaches the theme.
 */
export async function enqueueStorefrontSettings(shop: string) {
  await getQueue(QueueName.storefrontSettings).add(
    "publish",
    { shop },
    { delay: STOREFRONT_SETTINGS_DELAY_MS, deduplication: { id: `storefront-settings:${shop}`, keepLastIfActive: true } },
  );
}

/** The outbox's hand-off: jobId = the message's business key, delayed to when it may go. */
export async function enqueueOutboundMessage(shop: string, messageId: string, businessKey: string, runAt: Date) {
  const delay = Math.max(0, runAt.getTime() - Date.now());
  await getQueue(QueueName.outbox).add(
    "send",
    { shop, messageId },
    { jobId: toJobId(`${shop}:${businessKey}`), delay, attempts: 12, backoff: { type: "exponential", delay: 1_000 } },
  );
}

/**
 * Abandoned-survey rescue: runs `abandonedSurveyMinutes` after the shopper gave their number
 * and consent, and opens the conversation with a partial brief if the survey is still
 * unfinished. One job per response; the data carries ids only (no PII).
 */
export async function enqueueSurveyRescue(shop: string, responseId: string, runAt: Date) {
  const delay = Math.max(0, runAt.getTime() - Date.now());
  await getQueue(QueueName.surveyRescue).add(
    "rescue",
    { shop, responseId },
    { jobId: toJobId(`survey-rescue:${shop}:${responseId}`), delay },
  );
}

export async function enqueueEmail(shop: string, emailId: string, businessKey: string) {
  await getQueue(QueueName.email).add("send", { shop, emailId }, { jobId: toJobId(`${shop}:email:${businessKey}`) });
}
