// Before each test file: the environment the app validates at startup, pointing at this
// worker's own database and queue prefix, with migrations applied.
import { inject } from "vitest";
import { join } from "node:path";
import { applyMigrations } from "../scripts/migrate.mjs";

const runId = inject("runId");
const worker = process.env.VITEST_POOL_ID ?? "0";
const postgresBase = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

const databaseUrl =
  process.env.TEST_DB === "postgres"
    ? `${postgresBase}?schema=vitest_${runId}_${worker}`
    : `file:${join(inject("tmpDir"), `w${worker}.sqlite`)}`;

Object.assign(process.env, {
  NODE_ENV: "test",
  SHOPIFY_API_KEY: "testApiKey",
  SHOPIFY_API_SECRET: "testApiSecretKey",
  SHOPIFY_APP_URL: "https://my-test-app.myshopify.io",
  SCOPES: "read_products,read_orders,read_customers,write_customers,read_discounts,write_discounts,read_fulfillments,write_app_proxy",
  DATABASE_URL: databaseUrl,
  REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
  QUEUE_PREFIX: `test_${runId}_${worker}`,
  TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000000",
  TWILIO_AUTH_TOKEN: "test_twilio_auth_token_0000",
  SMTP_URL: "smtp://127.0.0.1:2525",
  ENCRYPTION_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
});

await applyMigrations(databaseUrl);
