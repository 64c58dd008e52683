import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

const valid = () => ({
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://app.example.com",
  SCOPES: "read_products,read_orders",
  DATABASE_URL: "file:./dev.sqlite",
  REDIS_URL: "redis://127.0.0.1:6379",
  TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000000",
  TWILIO_AUTH_TOKEN: "0123456789abcdef0123",
  SMTP_URL: "smtp://127.0.0.1:2525",
  ENCRYPTION_KEY: "a".repeat(64),
});

describe("environment", () => {
  it("accepts a complete environment, SQLite or PostgreSQL", () => {
    expect(parseEnv(valid()).DATABASE_URL).toBe("file:./dev.sqlite");
    expect(parseEnv({ ...valid(), DATABASE_URL: "postgres://u@h:5432/db" }).DATABASE_URL).toMatch(/^postgres/);
  });

  it.each([
    ["SHOPIFY_API_SECRET", undefined],
    ["SHOPIFY_APP_URL", "not a url"],
    ["DATABASE_URL", "mysql://x"],
    ["REDIS_URL", "127.0.0.1:6379"],
    ["TWILIO_ACCOUNT_SID", "SK123"],
    ["ENCRYPTION_KEY", "short"],
    ["SMTP_URL", undefined],
  ])("names %s when it is missing or bad", (name, value) => {
    expect(() => parseEnv({ ...valid(), [name]: value })).toThrow(new RegExp(`^Invalid environment:\\n  ${name}: `));
  });

  it("stops the process at startup with a message naming the variable", () => {
    const root = resolve(__dirname, "..");
    const env = { ...process.env, ...valid() } as Record<string, string | undefined>;
    delete env.TWILIO_AUTH_TOKEN;
    const run = spawnSync(resolve(root, "node_modules/.bin/tsx"), ["app/env.server.ts"], {
      cwd: root,
      env: env as NodeJS.ProcessEnv,
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("TWILIO_AUTH_TOKEN: is required");
  });
});
