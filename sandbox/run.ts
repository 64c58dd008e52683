// `npm run sandbox`: the whole app on one machine, no Shopify or Twilio account.
// Starts Redis (if none answers), the Shopify and Twilio stand-ins, a mail capture, the app
// (web + worker, with network redirection at the process edge), and the sandbox UI.
// Ctrl-C stops every child; nothing is left running.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { repoRoot, sandboxConfig, type SandboxConfig } from "./config";

const log = (line: string) => console.log(`[sandbox] ${line}`);

type Child = { name: string; proc: ChildProcess };

async function redisAnswers(url: string) {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  redis.on("error", () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function clearPrefix(url: string, prefix: string) {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== "0");
  redis.disconnect();
}

export async function startSandbox(config: SandboxConfig = sandboxConfig(), opts: { quiet?: boolean } = {}) {
  const started = Date.now();
  const children: Child[] = [];
  const closers: Array<() => Promise<void>> = [];
  let stopping = false;

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const close of closers.reverse()) await close().catch(() => {});
    await Promise.all(children.map((c) => stopChild(c)));
  };

  try {
    // 1. Redis
    let redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
    if (!(await redisAnswers(redisUrl))) {
      const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;
      if (!hasRedis) {
        throw new Error(
          `No Redis answers at ${redisUrl}, and redis-server is not installed.\n` +
            `  Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis)\n` +
            `  or point REDIS_URL at a running Redis, then run npm run sandbox again.`,
        );
      }
      redisUrl = `redis://127.0.0.1:${config.ports.redis}`;
      log(`no Redis at ${process.env.REDIS_URL ?? "127.0.0.1:6379"}; starting redis-server on ${config.ports.redis}`);
      children.push(startChild("redis", "redis-server", ["--port", String(config.ports.redis), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {}, opts.quiet));
      await waitFor("redis-server", () => redisAnswers(redisUrl), 10_000);
    }
    const queuePrefix = `sandbox${config.ports.ui}`;
    await clearPrefix(redisUrl, queuePrefix);

    // 2. Database: a fresh SQLite file each start, migrated, so it matches the fresh stand-ins.
    mkdirSync(config.dataDir, { recursive: true });
    const dbFile = join(config.dataDir, `sandbox-${config.ports.ui}.sqlite`);
    for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(dbFile + suffix, { force: true });
    const databaseUrl = `file:${dbFile}`;

    const appEnv: Record<string, string> = {
      NODE_ENV: "production",
      SHOPIFY_API_KEY: config.apiKey,
      SHOPIFY_API_SECRET: config.apiSecret,
      SHOPIFY_APP_URL: config.urls.app,
      SCOPES: config.scopes,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: queuePrefix,
      TWILIO_ACCOUNT_SID: config.twilioAccountSid,
      TWILIO_AUTH_TOKEN: config.twilioAuthToken,
      SMTP_URL: config.urls.smtp,
      EMAIL_FROM: "concierge@lumenandleaf.example",
      ENCRYPTION_KEY: config.encryptionKey,
      APP_BRIDGE_URL: `${config.urls.ui}/app-bridge.js`,
    };
    Object.assign(process.env, appEnv, { NODE_ENV: "development" });
    const { applyMigrations } = await import("../scripts/migrate.mjs");
    await applyMigrations(databaseUrl);

    // 3. Stand-ins
    const { startShopifyAdmin } = await import("./shopify/server");
    const { seedDemoStore } = await import("./shopify/catalog");
    const shopify = await startShopifyAdmin({
      port: config.ports.shopify,
      apiKey: config.apiKey,
      apiSecret: config.apiSecret,
      scopes: config.scopes.split(","),
      seed: (state, server) => void seedDemoStore(state, config.shop, { baseUrl: server.url }),
    });
    closers.push(() => shopify.close());
    const { startTwilio } = await import("./twilio/server");
    const twilio = await startTwilio({
      port: config.ports.twilio,
      accountSid: config.twilioAccountSid,
      authToken: config.twilioAuthToken,
      statusDelaysMs: { sent: 700, delivered: 1500 },
      defaultInboundUrl: `${config.urls.app}/twilio/inbound`,
      log: opts.quiet ? () => {} : (line) => log(`twilio: ${line}`),
    });
    closers.push(() => twilio.close());
    const { startMailCapture } = await import("./mail/server");
    const mail = await startMailCapture({ smtpPort: config.ports.smtp, httpPort: config.ports.mail });
    closers.push(() => mail.close());

    // 4. Seed the app's data (through its own domain code).
    const { createDb } = await import("~/db.server");
    const db = createDb(databaseUrl);
    closers.push(() => db.$disconnect());
    const { sandboxTwilioClient } = await import("./twilio/client");
    const { seedApp } = await import("./seed-app");
    await seedApp(db, config, shopify.state.requireShop(config.shop), sandboxTwilioClient(twilio.url, config.twilioAccountSid, config.twilioAuthToken), shopify.issueAccessToken(config.shop));

    // 5. The app: build once if needed, then web and worker with the edge preload.
    const built = join(repoRoot, "build/server/index.js");
    if (!existsSync(built) || statSync(built).mtimeMs < newestMtime(join(repoRoot, "app")) || process.env.SANDBOX_REBUILD === "1") {
      log("building the app (remix build)…");
      const build = spawnSync(process.execPath, [join(repoRoot, "node_modules/@remix-run/dev/dist/cli.js"), "build"], { cwd: repoRoot, env: { ...process.env, NODE_ENV: "production" }, stdio: opts.quiet ? "ignore" : "inherit" });
      if (build.status !== 0) throw new Error("remix build failed");
    }
    const edgeEnv = {
      ...appEnv,
      NODE_OPTIONS: `--import ${join(repoRoot, "sandbox/edge/preload.mjs")}`,
      EDGE_SHOPIFY_URL: config.urls.shopify,
      EDGE_TWILIO_URL: config.urls.twilio,
    };
    children.push(
      startChild("web", process.execPath, [join(repoRoot, "server.mjs"), "build/server/index.js"], { ...edgeEnv, PORT: String(config.ports.appInternal), HOST: "127.0.0.1" }, opts.quiet),
    );
    children.push(startChild("worker", process.execPath, ["--import", "tsx", "app/jobs/worker.server.ts"], edgeEnv, opts.quiet));
    const { startEdgeProxy } = await import("./edge-proxy");
    const edge = await startEdgeProxy({ port: config.ports.app, target: config.urls.appInternal, frameAncestor: config.urls.ui });
    closers.push(() => edge.close());

    // 6. The sandbox UI
    const { startUi } = await import("./ui/server");
    const { createEventFirer, EVENT_TOPICS } = await import("./events");
    const urlRows = (): Array<[string, string, string]> => [
      ["Sandbox overview", config.urls.ui, "start here"],
      ["Storefront preview", `${config.urls.ui}/storefront`, "theme blocks + app proxy"],
      ["Admin (embedded app)", `${config.urls.ui}/admin`, "Shopify admin shell"],
      ["Phone simulator", `${config.urls.ui}/phone`, "be the shopper"],
      ["Mailbox", config.urls.mail, "captured email"],
      ["Thank-you preview", `${config.urls.ui}/thank-you`, "checkout extension"],
      ["Shopify events", `${config.urls.ui}/events`, "fire signed webhooks"],
      ["App (public URL)", config.urls.app, "SHOPIFY_APP_URL"],
      ["Shopify Admin API stand-in", config.urls.shopify, "GraphQL, OAuth"],
      ["Twilio API stand-in", config.urls.twilio, "REST, callbacks"],
    ];
    const ui = await startUi({
      config,
      shopify,
      twilio,
      fireEvent: createEventFirer(config, shopify),
      eventTopics: EVENT_TOPICS,
      processedAt: async (id) => (await db.webhookEvent.findUnique({ where: { id }, select: { processedAt: true } }))?.processedAt ?? null,
      urlRows,
    });
    closers.push(() => ui.close());

    await waitFor("the app", async () => (await fetch(`${config.urls.app}/`, { headers: { "User-Agent": "Mozilla/5.0 sandbox" } })).ok, 45_000);
    await waitFor("the worker", async () => children.find((c) => c.name === "worker")!.proc.exitCode === null && (await redisAnswers(redisUrl)), 5_000);

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const width = Math.max(...urlRows().map(([w]) => w.length));
    console.log(`\nConcierge sandbox is up (${seconds}s). Ctrl-C stops everything.\n`);
    for (const [what, url] of urlRows()) console.log(`  ${what.padEnd(width)}  ${url}`);
    console.log("");
    return { config, stop, shopify, twilio, mail, children, redisUrl, databaseUrl };
  } catch (error) {
    await stop();
    throw error;
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function startChild(name: string, command: string, args: string[], env: Record<string, string>, quiet?: boolean): Child {
  // Its own process group, so a stop reaches everything it started.
  const proc = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split("\n")
      .filter(Boolean)
      .map((line) => `[${name}] ${line}`)
      .join("\n");
  if (!quiet) {
    proc.stdout?.on("data", (d: Buffer) => console.log(prefix(d)));
    proc.stderr?.on("data", (d: Buffer) => console.error(prefix(d)));
  } else {
    proc.stdout?.resume();
    proc.stderr?.resume();
  }
  return { name, proc };
}

async function stopChild({ proc }: Child) {
  if (proc.exitCode !== null || proc.signalCode !== null || !proc.pid) return;
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  try {
    process.kill(-proc.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-proc.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, 8000);
  await exited;
  clearTimeout(timer);
}

// Run directly: start, then stop on Ctrl-C / SIGTERM.
if (import.meta.url === `file://${process.argv[1]}`) {
  startSandbox().then(
    (sandbox) => {
      const shutdown = (signal: string) => {
        log(`${signal}: stopping…`);
        void sandbox.stop().then(() => {
          log("stopped");
          process.exit(0);
        });
      };
      process.once("SIGINT", () => shutdown("SIGINT"));
      process.once("SIGTERM", () => shutdown("SIGTERM"));
    },
    (error: Error) => {
      console.error(`\n[sandbox] could not start: ${error.message}\n`);
      process.exit(1);
    },
  );
}
