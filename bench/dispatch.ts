// Outbox dispatch throughput against a sender's configured MPS over 60 s: at least 95% of
// the budget used and never above it in any 1-second window. The real outbox processor runs
// in a BullMQ worker; Twilio is the stand-in, reached through the edge preload as in the sandbox.
import { spawn } from "node:child_process";
import { Worker } from "bullmq";
import { benchEnv, report } from "./env";

const MPS = Number(process.env.BENCH_MPS ?? 10);
const SECONDS = Number(process.env.BENCH_DISPATCH_SECONDS ?? 60);
const SHOP = "bench-shop.myshopify.com";

const env = benchEnv("dispatch");
const standIn = spawn(process.execPath, ["--import", "tsx", "bench/twilio-standin.ts"], { env: process.env, stdio: ["ignore", "pipe", "inherit"] });
const twilioUrl = await new Promise<string>((resolve) => {
  let out = "";
  standIn.stdout!.on("data", (d) => {
    out += d;
    const m = /TWILIO_URL=(\S+)/.exec(out);
    if (m) resolve(m[1]!);
  });
});
process.env.EDGE_TWILIO_URL = twilioUrl;
await import("../sandbox/edge/preload.mjs");

const { applyMigrations } = await import("../scripts/migrate.mjs");
await applyMigrations(env.DATABASE_URL);
const { db } = await import("~/db.server");
const { queueMessage } = await import("~/domain/messaging/outbox.server");
const { outboxDeps } = await import("~/lib/outbox.server");
const { createProcessors } = await import("~/jobs/workers.server");
const { workerConnection } = await import("~/jobs/connection.server");
const { QUEUE_PREFIX, QueueName, closeQueues } = await import("~/jobs/queues.server");

await db.shop.create({ data: { shop: SHOP, name: "Bench" } });
await db.senderNumber.create({ data: { shop: SHOP, phoneNumber: "+14155550100", kind: "toll_free", mps: MPS } });
const total = Math.ceil(MPS * SECONDS * 1.1); // a backlog the sender can't drain in time
const shoppers = await Promise.all(
  Array.from({ length: 100 }, (_, i) => db.shopper.create({ data: { shop: SHOP, phone: `+1202555${String(1000 + i)}`, lastInboundAt: new Date() } })),
);
for (let start = 0; start < total; start += 50) {
  await Promise.all(
    Array.from({ length: Math.min(50, total - start) }, (_, j) => start + j).map((i) =>
      queueMessage(outboxDeps(SHOP), { shop: SHOP, shopperId: shoppers[i % shoppers.length]!.id, kind: "expert", author: "expert", body: `Throughput #${i}`, businessKey: `bench:${i}` }),
    ),
  );
}

// A worker in production is long-running: warm the Twilio client's connection first, so the
// first request's cold start doesn't skew the first measured second.
const { twilioClient } = await import("~/integrations/twilio/client.server");
await twilioClient().messages.list({ to: "+12025550000", limit: 1 });
// …and the create path on both sides (this one is not counted below).
await twilioClient().messages.create({ to: "+12025559999", from: "+14155559999", body: "warm-up" });
const processors = createProcessors();
const worker = new Worker(QueueName.outbox, processors[QueueName.outbox], { connection: workerConnection(), prefix: QUEUE_PREFIX, concurrency: 50 });
// status_history keeps millisecond times; date_created is RFC 2822 (seconds), as Twilio's.
type StandInMessage = { status_history: Array<{ at: string }>; direction: string; body: string; from: string };
const measured = (m: StandInMessage) => m.direction === "outbound-api" && m.body.startsWith("Throughput #");
const acceptedAt = (m: StandInMessage) => Date.parse(m.status_history[0]!.at);
const sentAtStandIn = async () => ((await (await fetch(`${twilioUrl}/_sandbox/messages`)).json()) as { messages: StandInMessage[] }).messages.filter(measured);
while ((await sentAtStandIn()).length === 0) await new Promise((r) => setTimeout(r, 20));
const firstAt = acceptedAt((await sentAtStandIn())[0]!);
await new Promise((r) => setTimeout(r, SECONDS * 1000 - (Date.now() - firstAt) + 500));
await worker.close();

const stamps = (await sentAtStandIn()).filter((m) => m.direction === "outbound-api").map(acceptedAt).sort((a, b) => a - b);
if (process.env.BENCH_DEBUG) {
  const all = await sentAtStandIn();
  console.error("unique bodies", new Set(all.map((m) => m.body)).size, "of", all.length, "from", [...new Set(all.map((m) => m.from))]);
  const buckets = new Map<number, number>();
  for (const t of stamps) buckets.set(Math.floor((t - firstAt) / 1000), (buckets.get(Math.floor((t - firstAt) / 1000)) ?? 0) + 1);
  console.error([...buckets.entries()].join(" "));
  console.error(stamps.slice(0, 14).map((t) => t - firstAt).join(" "));
}
const inWindow = stamps.filter((t) => t < firstAt + SECONDS * 1000);
let maxPerSecond = 0;
for (let i = 0, j = 0; i < stamps.length; i++) {
  while (stamps[j]! < stamps[i]! - 999) j++;
  maxPerSecond = Math.max(maxPerSecond, i - j + 1);
}
const used = inWindow.length / (MPS * SECONDS);
report({
  bench: "dispatch-throughput",
  mps: MPS,
  seconds: SECONDS,
  sent: inWindow.length,
  budget: MPS * SECONDS,
  budgetUsedPct: +(used * 100).toFixed(1),
  maxInAnyOneSecondWindow: maxPerSecond,
  ok: used >= 0.95 && maxPerSecond <= MPS,
});
await closeQueues();
standIn.kill("SIGTERM");
await db.$disconnect();
process.exit(0);
