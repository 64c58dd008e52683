// Survey step submit latency through the app proxy at 200 req/s (budget p95 ≤ 50 ms, 0 errors).
// The built app runs under `npm start`'s server (server.mjs) as in production; each request is a new shopper's first
// answer, signed exactly as Shopify's app proxy signs it, from its own IP.
import { spawn } from "node:child_process";
import http from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { benchEnv, percentile, report } from "./env";
import { appProxyQuery } from "../sandbox/shopify-signing";

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 4390);
const SHOP = "bench-shop.myshopify.com";

if (!existsSync("build/server/index.js")) throw new Error("run `npm run build` first");
const env = benchEnv("survey");
const { applyMigrations } = await import("../scripts/migrate.mjs");
await applyMigrations(env.DATABASE_URL);
const { createDb } = await import("~/db.server");
const db = createDb(env.DATABASE_URL);
await db.shop.create({ data: { shop: SHOP, name: "Bench", programEnabled: true } });
await db.expert.create({ data: { shop: SHOP, name: "Ava Brooks" } });
const survey = await db.survey.create({
  data: {
    shop: SHOP,
    key: "bench",
    version: 1,
    title: "Find your routine",
    status: "published",
    publishedAt: new Date(),
    questions: {
      create: [
        { shop: SHOP, position: 0, type: "single_choice", prompt: "What can we help with?", options: JSON.stringify([{ value: "skin", label: "Skin" }, { value: "hair", label: "Hair" }]) },
        { shop: SHOP, position: 1, type: "short_text", prompt: "Anything else?", required: false },
        { shop: SHOP, position: 2, type: "phone_consent", prompt: "Where should we text you?" },
      ],
    },
  },
  include: { questions: { orderBy: { position: "asc" } } },
});
const first = survey.questions[0]!;

const app = spawn(process.execPath, ["server.mjs", "build/server/index.js"], {
  env: { ...process.env, PORT: String(PORT), HOST: "127.0.0.1" },
  // The server logs every request: read its output so a full pipe never blocks it.
  stdio: ["ignore", "pipe", "pipe"],
});
let serverLog = "";
app.stdout!.on("data", () => {});
app.stderr!.on("data", (chunk: Buffer) => void (serverLog = (serverLog + chunk.toString()).slice(-4000)));
const base = `http://127.0.0.1:${PORT}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/`, { headers: { "User-Agent": "Mozilla/5.0 bench" } })).ok) break;
  } catch {
    // not up yet
  }
  if (i > 200) throw new Error("app did not start");
  await new Promise((r) => setTimeout(r, 100));
}

// The load generator must not be what limits the run on a 2-core machine: plain node:http
// with keep-alive (cheaper than fetch), and the proxy signature computed once per second,
// as its timestamp only has second resolution anyway.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const body = new URLSearchParams({ question: first.id, answer: "skin", placement: "fab" }).toString();
let signed = { second: -1, query: "" };
function proxyQuery() {
  const second = Math.floor(Date.now() / 1000);
  if (signed.second !== second) signed = { second, query: appProxyQuery(SHOP, env.SHOPIFY_API_SECRET).toString() };
  return signed.query;
}

let seq = 0;
function submit(): Promise<{ ms: number; ok: boolean }> {
  const n = seq++;
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}/proxy/survey/?${proxyQuery()}`,
      {
        method: "POST",
        agent,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
          "User-Agent": "Mozilla/5.0 (iPhone) bench",
          "X-Forwarded-For": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ ms: performance.now() - start, ok: res.statusCode === 303 }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

// CPU time the server process has used (Linux /proc; null elsewhere), to report per request.
function serverCpuMs(): number | null {
  try {
    const fields = readFileSync(`/proc/${app.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return null;
  }
}

for (let i = 0; i < 50; i++) await submit(); // warm
const cpuBefore = serverCpuMs();
const samples: number[] = [];
let errors = 0;
const pending: Promise<void>[] = [];
const started = performance.now();
const total = RATE * SECONDS;
for (let i = 0; i < total; i++) {
  const due = started + (i * 1000) / RATE;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  pending.push(
    submit().then(
      (r) => {
        samples.push(r.ms);
        if (!r.ok) errors++;
      },
      () => void errors++,
    ),
  );
}
await Promise.all(pending);
const elapsed = (performance.now() - started) / 1000;
const cpuAfter = serverCpuMs();
const responses = await db.surveyResponse.count({ where: { shop: SHOP } });
// The server exits on SIGTERM once its connections are closed; never leave one behind to
// compete for the CPU with the next run.
app.kill("SIGTERM");
const stopped = await Promise.race([new Promise((resolve) => app.once("exit", () => resolve(true))), new Promise((resolve) => setTimeout(() => resolve(false), 5_000))]);
if (!stopped) app.kill("SIGKILL");
report({
  bench: "survey-step-submit",
  targetRate: RATE,
  achievedRate: +(total / elapsed).toFixed(1),
  requests: total,
  errors,
  responsesStored: responses,
  p50Ms: +percentile(samples, 50).toFixed(1),
  p95Ms: +percentile(samples, 95).toFixed(1),
  p99Ms: +percentile(samples, 99).toFixed(1),
  serverCpuMsPerRequest: cpuBefore === null || cpuAfter === null ? null : +((cpuAfter - cpuBefore) / total).toFixed(2),
  budgetP95Ms: 50,
  ok: errors === 0 && percentile(samples, 95) <= 50,
});
await db.$disconnect();
process.exit(0);
