// Runs this test worker's BullMQ queue through the real processors until it is empty.
import { Worker, type Processor } from "bullmq";
import { Redis } from "ioredis";
import { testQueue } from "./helpers";

export async function drainQueue(
  name: string,
  processor: Processor,
  { timeoutMs = 10_000, waitForDelayed = true }: { timeoutMs?: number; waitForDelayed?: boolean } = {},
) {
  const queue = testQueue(name);
  const worker = new Worker(name, processor, {
    connection: new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null }),
    prefix: process.env.QUEUE_PREFIX,
    concurrency: 4,
  });
  const failures: Error[] = [];
  worker.on("failed", (_job, err) => failures.push(err));
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const counts = await queue.getJobCounts("waiting", "active", "prioritized", ...(waitForDelayed ? (["delayed"] as const) : []));
      if (Object.values(counts).every((n) => n === 0)) break;
      if (Date.now() > deadline) throw new Error(`queue ${name} not drained: ${JSON.stringify(counts)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await worker.close();
  }
  return failures;
}
