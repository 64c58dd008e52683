// Every variable of ARCHITECTURE §5, validated once at startup. A missing or bad value
// stops the process with a message naming the variable.
import { z } from "zod";

const url = (what: string) =>
  z.string({ error: `is required (${what})` }).url({ message: `must be a URL (${what})` });

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: z.string({ error: "is required (the app's client id)" }).min(1, "must not be empty"),
  SHOPIFY_API_SECRET: z.string({ error: "is required (the app's client secret)" }).min(1, "must not be empty"),
  SHOPIFY_APP_URL: url("the public https URL of this app").refine((v) => !v.endsWith("/"), "must not end with /"),
  SCOPES: z
    .string({ error: "is required (comma-separated access scopes)" })
    .regex(/^[a-z_]+(,[a-z_]+)*$/, "must be comma-separated scopes like read_products,write_orders"),
  DATABASE_URL: z
    .string({ error: "is required (file:… for SQLite or postgres://… for PostgreSQL)" })
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgres:// (PostgreSQL)"),
  REDIS_URL: z.string({ error: "is required (redis://host:port)" }).regex(/^rediss?:\/\//, "must be a redis:// URL"),
  TWILIO_ACCOUNT_SID: z.string({ error: "is required" }).regex(/^AC[0-9a-fA-F]{32}$/, "must look like AC followed by 32 hex digits"),
  TWILIO_AUTH_TOKEN: z.string({ error: "is required" }).min(16, "must be the account's auth token"),
  SMTP_URL: z.string({ error: "is required (smtp://user:pass@host:port)" }).regex(/^smtps?:\/\//, "must be an smtp:// URL"),
  EMAIL_FROM: z.string().email().default("concierge@localhost.test"),
  ENCRYPTION_KEY: z
    .string({ error: "is required (32 bytes as 64 hex characters)" })
    .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (32 bytes); generate one with `openssl rand -hex 32`"),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  // Where the admin loads App Bridge from; Shopify's CDN unless a host needs its own copy.
  APP_BRIDGE_URL: z.string().url().optional(),
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i).default("concierge"),
  // How long a worker's job lock lasts; a crashed worker's jobs are retried after it.
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  PORT: z.coerce.number().int().positive().default(3000),
});

export type Env = z.infer<typeof envSchema>;

/** Parses an environment; throws one Error listing every bad variable by name. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`Invalid environment:\n${lines.join("\n")}`);
}

function load(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

export const env: Env = load();
