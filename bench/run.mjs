#!/usr/bin/env node
// `npm run bench`: every benchmark under bench/, one after another, then a summary against
// the budgets of ARCHITECTURE §7. A report, not a test: it exits 0 whatever the figures.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const pgBase = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const pgUp = spawnSync("pg_isready", ["-h", "127.0.0.1", "-p", "5432"]).status === 0;
const tsx = "node_modules/.bin/tsx";

function freshPgSchema(name) {
  const schema = `bench_${name}_${Date.now().toString(36)}`;
  return `${pgBase}?schema=${schema}`;
}

const benches = [
  { name: "launcher-size", cmd: [process.execPath, "bench/launcher-size.mjs"] },
  { name: "lighthouse-storefront", cmd: [tsx, "bench/lighthouse.ts"], needsBuild: true },
  { name: "inbox-loaders (SQLite)", cmd: [tsx, "bench/inbox.ts"] },
  ...(pgUp ? [{ name: "inbox-loaders (PostgreSQL)", cmd: [tsx, "bench/inbox.ts"], env: { BENCH_DATABASE_URL: freshPgSchema("inbox") } }] : []),
  // Production runs on PostgreSQL; libSQL's synchronous calls block the worker's event loop
  // and add send jitter, so the throughput budget is measured there when it is available.
  { name: "dispatch-throughput", cmd: [tsx, "bench/dispatch.ts"], env: pgUp ? { BENCH_DATABASE_URL: freshPgSchema("dispatch") } : {} },
  { name: "survey-step-submit (SQLite)", cmd: [tsx, "bench/survey.ts"], needsBuild: true },
  ...(pgUp ? [{ name: "survey-step-submit (PostgreSQL)", cmd: [tsx, "bench/survey.ts"], env: { BENCH_DATABASE_URL: freshPgSchema("survey") }, needsBuild: true }] : []),
];

if (benches.some((b) => b.needsBuild) && !existsSync("build/server/index.js")) {
  spawnSync("npm", ["run", "build"], { stdio: "inherit" });
}

const results = [];
for (const bench of benches) {
  console.log(`\n▶ ${bench.name}`);
  const run = spawnSync(bench.cmd[0], bench.cmd.slice(1), { env: { ...process.env, ...bench.env }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(run.stdout.split("\n").filter((l) => !l.includes("[shopify-api/INFO]")).join("\n"));
  if (run.status !== 0) process.stdout.write(run.stderr);
  const line = run.stdout.split("\n").reverse().find((l) => l.startsWith("{"));
  results.push({ name: bench.name, result: line ? JSON.parse(line) : { ok: false, error: `exit ${run.status}` } });
}

console.log("\nSummary");
for (const { name, result } of results) console.log(`  ${result.ok ? "✓" : "✗"} ${name}`);
