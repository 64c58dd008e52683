// `npm start` (server.mjs) on SIGTERM: a request still being sent when the signal arrives is
// answered, then the process closes its Redis and database connections and exits 0 by itself.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { appProxyQuery } from "../sandbox/shopify-signing";
import { webhookHeaders } from "../sandbox/shopify/webhook-sender";
import { repoRoot } from "./sandbox-process";

const PORT = inject("sandboxBasePort") + 90;
const SECRET = "web-server-e2e-secret";
const SHOP = "shutdown-e2e.myshopify.com";
const dir = mkdtempSync(join(tmpdir(), "concierge-web-e2e-"));
let server: ChildProcess;
let output = "";

beforeAll(async () => {
  const databaseUrl = `file:${join(dir, "web.sqlite")}`;
  const { applyMigrations } = await import("../scripts/migrate.mjs");
  await applyMigrations(databaseUrl);
  server = spawn(process.execPath, ["server.mjs", "build/server/index.js"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      SHOPIFY_API_KEY: "web-e2e-key",
      SHOPIFY_API_SECRET: SECRET,
      SHOPIFY_APP_URL: `http://127.0.0.1:${PORT}`,
      SCOPES: "read_products",
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      QUEUE_PREFIX: `web_e2e_${randomUUID().slice(0, 8)}`,
      TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000000",
      TWILIO_AUTH_TOKEN: "web_e2e_twilio_token_00000",
      SMTP_URL: "smtp://127.0.0.1:9",
      ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (chunk) => (output += chunk));
  server.stderr!.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  while (!output.includes("[web] http://")) {
    if (server.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

afterAll(() => {
  if (server?.exitCode === null) server.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const base = `http://127.0.0.1:${PORT}`;

describe("npm start (server.mjs)", () => {
  it("finishes a request in flight at SIGTERM, then closes Redis and the database and exits 0", async () => {
    // Open the app's connections: the storefront rate limiter (Redis), the database, and a
    // BullMQ queue (a webhook is recorded and enqueued).
    const page = await fetch(`${base}/proxy/survey?${appProxyQuery(SHOP, SECRET)}`, { headers: { "User-Agent": "Mozilla/5.0", "X-Forwarded-For": "203.0.113.7" } });
    expect(page.status).toBe(404); // unknown shop: "not available", after a database read
    const payload = JSON.stringify({ id: 1001, name: "#1001" });
    const webhook = await fetch(`${base}/webhooks/orders/create`, {
      method: "POST",
      body: payload,
      headers: webhookHeaders({ topic: "orders/create", shop: SHOP, rawBody: payload, apiSecret: SECRET }),
    });
    expect(webhook.status).toBe(200);

    // A survey step whose body is still arriving when the signal comes.
    const body = "question=q1&answer=skin&placement=fab";
    const answered = new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}/proxy/survey/?${appProxyQuery(SHOP, SECRET)}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": body.length, "User-Agent": "Mozilla/5.0", "X-Forwarded-For": "203.0.113.8" },
      });
      req.on("response", (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode!));
      });
      req.on("error", reject);
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 500);
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => server.once("exit", (code, signal) => resolve({ code, signal })));
    server.kill("SIGTERM");

    expect(await answered).toBe(404); // answered in full (unknown shop), not cut off
    const exit = await Promise.race([exited, new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), 10_000))]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(output).toContain("[web] SIGTERM: finishing open requests");
    expect(output).toContain("[web] closed");
  });
});
