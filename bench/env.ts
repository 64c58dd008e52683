// The environment app modules validate at import, for benchmarks run outside the app.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function benchEnv(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `concierge-bench-${name}-`));
  const env = {
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "bench-api-key",
    SHOPIFY_API_SECRET: "bench-api-secret",
    SHOPIFY_APP_URL: "http://127.0.0.1:9",
    SCOPES: "read_products,read_orders",
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `file:${join(dir, "bench.sqlite")}`,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    QUEUE_PREFIX: `bench_${name}_${Date.now().toString(36)}`,
    TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000000",
    TWILIO_AUTH_TOKEN: "bench_twilio_auth_token_00",
    SMTP_URL: "smtp://127.0.0.1:9",
    ENCRYPTION_KEY: randomBytes(32).toString("hex"),
  };
  Object.assign(process.env, env);
  return { dir, ...env };
}

export function percentile(samples: number[], p: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function report(result: Record<string, unknown>) {
  console.log(JSON.stringify(result));
}
