// The BullMQ workers. SIGTERM/SIGINT close them gracefully (finish the jobs in hand,
// take no new ones) and exit 0.
import { Worker, type Processor } from "bullmq";
import { env } from "~/env.server";
import { db } from "~/db.server";
import { processWebhookEvent } from "~/domain/webhooks/process.server";
import { syncShopProfile } from "~/domain/shops/shops.server";
import { adminGraphqlFor } from "~/integrations/shopify/admin-client.server";
import { workerConnection } from "./connection.server";
import { QUEUE_PREFIX, QueueName } from "./queues.server";
import { runJob } from "./terminal-errors.server";

const processors: Record<QueueName, Processor> = {
  [QueueName.webhooks]: (job) => runJob(() => processWebhookEvent(db, job.data.eventId, env.ENCRYPTION_KEY)),
  // Inbound SMS and delivery callbacks are recorded by the web process; the messaging
  // core consumes them.
  [QueueName.shopSync]: (job) =>
    runJob(async () => syncShopProfile(db, job.data.shop, await adminGraphqlFor(job.data.shop)).then(() => "synced")),
  [QueueName.twilioEvents]: (job) => runJob(async () => ({ recorded: job.data.eventId })),
};

export function startWorkers(concurrency = 10) {
  return Object.entries(processors).map(
    ([name, processor]) =>
      new Worker(name, processor, { connection: workerConnection(), prefix: QUEUE_PREFIX, concurrency }),
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

