// `npm run worker` as a real process: it processes queued work and closes cleanly on SIGTERM.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { callRoute, closeTestQueues, uniqueShop, webhookRequest } from "../../test/helpers";
import * as ordersCreate from "~/routes/webhooks.orders.create";

afterAll(closeTestQueues);

const root = resolve(__dirname, "../..");

// As `npm run worker` runs it: node itself, so SIGTERM reaches the worker directly (the tsx
// CLI relays signals and force-kills a child that doesn't confirm within 30 ms).
function startWorkerProcess() {
  const child = spawn(process.execPath, ["--import", "tsx", "app/jobs/worker.server.ts"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const waitFor = async (text: string, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!output.includes(text)) {
      if (Date.now() > deadline) throw new Error(`worker never printed "${text}":\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, exited, waitFor, output: () => output };
}

describe("worker process", () => {
  it("processes a webhook and exits 0 on SIGTERM", async () => {
    const worker = startWorkerProcess();
    try {
      await worker.waitFor("[worker] ready");
      const shop = uniqueShop();
      const { request, webhookId } = await webhookRequest({
        topic: "orders/create",
        shopName: shop.name,
        payload: { id: 4242, name: "#1001", total_price: "59.00", currency: "USD", created_at: new Date().toISOString() },
      });
      expect((await callRoute(ordersCreate.action, request)).status).toBe(200);

      const deadline = Date.now() + 15_000;
      let event = await db.webhookEvent.findUnique({ where: { id: webhookId } });
      while (!event?.processedAt && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        event = await db.webhookEvent.findUnique({ where: { id: webhookId } });
      }
      expect(event?.processedAt, worker.output()).toBeInstanceOf(Date);
      expect(await db.shopOrder.findFirst({ where: { shop: shop.domain, shopifyOrderId: "4242" } })).toMatchObject({ totalCents: 5900, name: "#1001" });
    } finally {
      worker.child.kill("SIGTERM");
    }
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain("[worker] closed");
  }, 45_000);
});
