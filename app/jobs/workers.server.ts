// The BullMQ workers. SIGTERM/SIGINT close them gracefully (finish the jobs in hand,
// take no new ones) and exit 0.
import { DelayedError, Worker, type Job, type Processor } from "bullmq";
import { env } from "~/env.server";
import { db } from "~/db.server";
import { processWebhookEvent } from "~/domain/webhooks/process.server";
import { dispatchMessage, type DispatchDeps } from "~/domain/messaging/dispatch.server";
import { createSenderRateLimiter } from "~/domain/messaging/rate-limit.server";
import { adminGraphqlFor } from "~/integrations/shopify/admin-client.server";
import { statusCallbackUrl, twilioClient } from "~/integrations/twilio/client.server";
import { twilioGateway } from "~/integrations/twilio/messages.server";
import { publishLive } from "~/lib/live.server";
import { outboxDeps } from "~/lib/outbox.server";
import { notifyExpertOfNewConversation } from "~/lib/notifications.server";
import { dispatchEmail } from "~/domain/email/email-outbox.server";
import { publishStorefrontSettings } from "~/domain/promotion/storefront-settings.server";
import { smtpTransport } from "~/integrations/email/smtp.server";
import { processTwilioEvent } from "./processors/twilio-events.server";
import { processSurveyRescue } from "./processors/survey-rescue.server";
import { processShopSync } from "./processors/shop-sync.server";
import { workerConnection } from "./connection.server";
import { QUEUE_PREFIX, QueueName, enqueueEmail, enqueueStorefrontSettings } from "./queues.server";
import { runJob } from "./terminal-errors.server";

/** Re-delays a job to `at` without counting an attempt (BullMQ's manual delay pattern). */
async function delayUntil(job: Job, token: string | undefined, at: Date): Promise<never> {
  await job.moveToDelayed(at.getTime(), token);
  throw new DelayedError();
}

export function createDispatchDeps(): DispatchDeps {
  return {
    db,
    gateway: twilioGateway(twilioClient()),
    limiter: createSenderRateLimiter(workerConnection(), { prefix: `${QUEUE_PREFIX}:mps` }),
    publish: publishLive,
    statusCallbackUrl,
  };
}

export function createProcessors(): Record<QueueName, Processor> {
  const dispatch = createDispatchDeps();
  return {
    [QueueName.webhooks]: (job) => runJob(() => processWebhookEvent(db, job.data.eventId, env.ENCRYPTION_KEY)),
    [QueueName.shopSync]: (job) =>
      runJob(() => processShopSync({ db, graphqlFor: adminGraphqlFor, enqueueStorefrontSettings }, job.data)),
    [QueueName.storefrontSettings]: (job) =>
      runJob(async () => (await publishStorefrontSettings(db, job.data.shop, await adminGraphqlFor(job.data.shop))).outcome),
    [QueueName.twilioEvents]: (job) =>
      runJob(() => processTwilioEvent(outboxDeps(job.data.shop ?? ""), job.data.eventId, env.ENCRYPTION_KEY, notifyExpertOfNewConversation)),
    [QueueName.surveyRescue]: async (job, token) => {
      const result = await runJob(() => processSurveyRescue({ ...outboxDeps(job.data.shop), enqueueEmail }, job.data));
      if (result.result === "not_due") return delayUntil(job, token, result.at);
      return result;
    },
    [QueueName.email]: (job) => runJob(() => dispatchEmail({ db, transport: smtpTransport(), from: env.EMAIL_FROM }, job.data.shop, job.data.emailId)),
    [QueueName.outbox]: async (job, token) => {
      const result = await runJob(() => dispatchMessage(dispatch, job.data.shop, job.data.messageId));
      if (result.result === "retry_at") return delayUntil(job, token, result.at);
      return result;
    },
  };
}

export function startWorkers(concurrency = 10) {
  return Object.entries(createProcessors()).map(
    ([name, processor]) =>
      new Worker(name, processor, {
        connection: workerConnection(),
        prefix: QUEUE_PREFIX,
        concurrency: name === QueueName.outbox ? 50 : concurrency,
        lockDuration: env.WORKER_LOCK_MS,
        stalledInterval: env.WORKER_LOCK_MS,
      }),
  );
}

export async function runUntilSignalled() {
  const workers = startWorkers();
  for (const w of workers) w.on("failed", (job, err) => console.error(`[worker] ${w.name} job ${job?.id} failed: ${err.message}`));
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  console.log(`[worker] ready: ${workers.map((w) => w.name).join(", ")} (prefix ${QUEUE_PREFIX})`);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`[worker] ${signal}: closing`);
    await Promise.all(workers.map((w) => w.close()));
    await db.$disconnect();
    console.log("[worker] closed");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
