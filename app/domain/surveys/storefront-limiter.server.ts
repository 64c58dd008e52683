// The storefront limiter wired to the app's Redis (REDIS_URL) through the producer
// connection helper: fail fast, no offline queue. The connection is opened on first use and
// awaited, so the first request after boot doesn't fail for want of a ready socket.
import type { Redis } from "ioredis";
import { env } from "~/env.server";
import { producerConnection } from "~/jobs/connection.server";
import { createStorefrontLimiter } from "./rate-limit.server";

const READY_TIMEOUT_MS = 1_000;
let client: Redis | undefined;

async function connection(): Promise<Redis> {
  if (!client || client.status === "end" || client.status === "close") {
    client = producerConnection(env.REDIS_URL, { lazyConnect: true, connectTimeout: READY_TIMEOUT_MS });
    client.on("error", () => {}); // reported per request by the limiter
  }
  const redis = client;
  if (redis.status === "ready") return redis;
  if (redis.status === "wait") {
    await redis.connect();
    return redis;
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Redis not ready (${redis.status})`)), READY_TIMEOUT_MS);
    redis.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return redis;
}

export const storefrontLimiter = createStorefrontLimiter(connection, { prefix: env.QUEUE_PREFIX });

/** Test hook: close the connection. */
export async function closeStorefrontLimiter() {
  const redis = client;
  client = undefined;
  if (redis) await redis.quit().catch(() => redis.disconnect());
}
