// Exactly once under a crash: a worker is killed with SIGKILL while 1,000 sends are in
// flight, then restarted. The Twilio stand-in counts exactly 1,000 messages.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { queueMessage } from "~/domain/messaging/outbox.server";
import { enqueueOutboundMessage } from "~/jobs/queues.server";
import { closeTestQueues } from "../../test/helpers";
import { messagingShop, outboundAtStandIn, startTwilioStandIn } from "../../test/messaging";
import { EDGE_PRELOAD, type TwilioStandIn } from "../../test/stand-ins";

const root = resolve(__dirname, "../..");
const TOTAL = 1000;
let twilio: TwilioStandIn;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
});
afterAll(async () => {
  await twilio.close();
  await closeTestQueues();
});

function startWorker() {
  const child = spawn(process.execPath, ["--import", "tsx", "app/jobs/worker.server.ts"], {
    cwd: root,
    detached: true,
    env: {
      ...process.env,
      NODE_OPTIONS: `--import ${EDGE_PRELOAD}`,
      EDGE_TWILIO_URL: twilio.url,
      WORKER_LOCK_MS: "2000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const ready = (async () => {
    const deadline = Date.now() + 20_000;
    while (!output.includes("[worker] ready")) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`worker did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const exited = new Promise<void>((r) => child.on("exit", () => r()));
  return { child, ready, exited, output: () => output };
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("outbox under a worker crash", () => {
  it(`sends ${TOTAL} messages exactly once across a SIGKILL and restart`, async () => {
    const shop = await messagingShop({ mps: 200 });
    const shoppers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        db.shopper.create({ data: { shop: shop.domain, phone: `+1212555${String(1000 + i)}`, lastInboundAt: new Date() } }),
      ),
    );
    const deps = { db, publish: async () => {}, enqueue: (id: string, key: string, at: Date) => enqueueOutboundMessage(shop.domain, id, key, at) };
    for (let start = 0; start < TOTAL; start += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, j) => start + j).map((i) =>
          queueMessage(deps, { shop: shop.domain, shopperId: shoppers[i % shoppers.length]!.id, kind: "expert", author: "expert", body: `Crash test message #${i}`, businessKey: `crash:${i}` }),
        ),
      );
    }

    const first = startWorker();
    await first.ready;
    await until(() => outboundAtStandIn(twilio).length >= TOTAL * 0.3, 30_000, "30% sent");
    process.kill(-first.child.pid!, "SIGKILL");
    await first.exited;
    const atKill = outboundAtStandIn(twilio).length;
    expect(atKill).toBeLessThan(TOTAL);

    const second = startWorker();
    try {
      await second.ready;
      await until(
        async () => (await db.message.count({ where: { shop: shop.domain, twilioSid: { not: null } } })) === TOTAL,
        60_000,
        "every message has a SID",
      );
    } finally {
      process.kill(-second.child.pid!, "SIGTERM");
      await second.exited;
    }

    const sent = outboundAtStandIn(twilio).filter((m) => m.body.startsWith("Crash test message #"));
    expect(sent).toHaveLength(TOTAL);
    expect(new Set(sent.map((m) => m.body)).size).toBe(TOTAL);
    const rows = await db.message.findMany({ where: { shop: shop.domain }, select: { twilioSid: true } });
    expect(new Set(rows.map((r) => r.twilioSid)).size).toBe(TOTAL);
    expect(new Set(sent.map((m) => m.sid))).toEqual(new Set(rows.map((r) => r.twilioSid)));
  }, 150_000);
});
