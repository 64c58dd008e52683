import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { SPACING, createSenderRateLimiter, defaultMps } from "./rate-limit.server";

const clients: Redis[] = [];
function connect(): Redis {
  const client = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
  clients.push(client);
  return client;
}
const prefixes: string[] = [];
function uniquePrefix(): string {
  const prefix = `test:ratelimit:${randomUUID()}`;
  prefixes.push(prefix);
  return prefix;
}

afterEach(async () => {
  const redis = connect();
  for (const prefix of prefixes.splice(0)) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  }
  await Promise.all(clients.splice(0).map((client) => client.quit()));
});

async function redisNowUs(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1_000_000 + Number(micros);
}

/** Most admissions found in any 1-second window [t, t + 1 s) starting at an admission. */
function busiestSecond(admittedUs: number[]): number {
  const sorted = [...admittedUs].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j] < sorted[i] + 1_000_000) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

describe("defaultMps", () => {
  it("is 1 / 3 / 100 for long code / toll-free / short code", () => {
    expect(defaultMps("long_code")).toBe(1);
    expect(defaultMps("toll_free")).toBe(3);
    expect(defaultMps("short_code")).toBe(100);
  });
});

describe("createSenderRateLimiter", () => {
  it("admits one of a concurrent burst from many processes and spaces the rest 1/mps apart", async () => {
    const prefix = uniquePrefix();
    const limiters = Array.from({ length: 8 }, () => createSenderRateLimiter(connect(), { prefix }));
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => limiters[i % limiters.length].reserve("+15550001111", 5)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const spacingMs = (1000 * SPACING) / 5;
    for (const result of results) {
      if (!result.ok) {
        expect(result.retryInMs).toBeGreaterThan(0);
        expect(result.retryInMs).toBeLessThanOrEqual(Math.ceil(spacingMs));
      }
    }
  });

  it("never exceeds mps in any 1-second window while workers keep retrying, and uses the budget", async () => {
    const prefix = uniquePrefix();
    const sender = "MG-sustained";
    const mps = 10;
    const observer = connect();
    const admitted = new Map<string, number>();
    const deadline = Date.now() + 1_500;

    async function worker() {
      const limiter = createSenderRateLimiter(connect(), { prefix });
      while (Date.now() < deadline) {
        const result = await limiter.reserve(sender, mps);
        if (result.ok) {
          // Each admission is in the log right after it is made (trimmed only once > 1 s old).
          const keys = await observer.keys(`${prefix}:*`);
          const log = await observer.zrange(keys[0], 0, -1, "WITHSCORES");
          for (let i = 0; i < log.length; i += 2) admitted.set(log[i], Number(log[i + 1]));
        } else {
          await sleep(Math.min(result.retryInMs, Math.max(0, deadline - Date.now())));
        }
      }
    }
    await Promise.all(Array.from({ length: 6 }, worker));

    const times = [...admitted.values()];
    expect(busiestSecond(times)).toBeLessThanOrEqual(mps);
    expect(busiestSecond(times)).toBe(mps);
    // Evenly spaced at 1.03/mps for 1.5 s: 15 at most, and waiting retryInMs wastes little.
    expect(times.length).toBeGreaterThanOrEqual(13);
  });

  it("says to retry when the oldest send in the window turns 1 s old", async () => {
    const prefix = uniquePrefix();
    const redis = connect();
    const limiter = createSenderRateLimiter(redis, { prefix });
    expect(await limiter.reserve("+15550002222", 2)).toEqual({ ok: true });
    const [key] = await redis.keys(`${prefix}:*`);
    const now = await redisNowUs(redis);
    // Replace the log: sends 700 ms and 600 ms ago (spaced more than 1.03/2 s apart).
    await redis.del(key);
    await redis.zadd(key, now - 700_000, "a", now - 600_000, "b");
    const result = await limiter.reserve("+15550002222", 2);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.retryInMs).toBeGreaterThan(250);
      expect(result.retryInMs).toBeLessThanOrEqual(300);
    }
  });

  it("waits out the spacing after the last send even when the window has room", async () => {
    const prefix = uniquePrefix();
    const redis = connect();
    const limiter = createSenderRateLimiter(redis, { prefix });
    expect(await limiter.reserve("+15550003333", 2)).toEqual({ ok: true });
    const result = await limiter.reserve("+15550003333", 2);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.retryInMs).toBeGreaterThan(450);
      expect(result.retryInMs).toBeLessThanOrEqual(Math.ceil((1000 * SPACING) / 2));
    }
  });

  it("forgets sends older than 1 s", async () => {
    const prefix = uniquePrefix();
    const redis = connect();
    const limiter = createSenderRateLimiter(redis, { prefix });
    expect(await limiter.reserve("+15550003333", 1)).toEqual({ ok: true });
    expect((await limiter.reserve("+15550003333", 1)).ok).toBe(false);
    const [key] = await redis.keys(`${prefix}:*`);
    const now = await redisNowUs(redis);
    await redis.del(key);
    await redis.zadd(key, now - 1_000_001, "old");
    expect(await limiter.reserve("+15550003333", 1)).toEqual({ ok: true });
    expect(await redis.zcard(key)).toBe(1);
    expect(await redis.pttl(key)).toBeGreaterThan(0);
  });

  it("keeps senders independent", async () => {
    const prefix = uniquePrefix();
    const limiter = createSenderRateLimiter(connect(), { prefix });
    expect(await limiter.reserve("+15550004444", 1)).toEqual({ ok: true });
    expect((await limiter.reserve("+15550004444", 1)).ok).toBe(false);
    expect(await limiter.reserve("+15550005555", 1)).toEqual({ ok: true });
  });

  it("rejects a limit that isn't a positive integer", async () => {
    const limiter = createSenderRateLimiter(connect(), { prefix: uniquePrefix() });
    for (const mps of [0, -1, 1.5, Number.NaN]) await expect(limiter.reserve("x", mps)).rejects.toThrow(RangeError);
  });

  it("loads the script when Redis doesn't have it cached", async () => {
    const calls: string[] = [];
    const fake = {
      evalsha: async () => {
        calls.push("evalsha");
        throw new Error("NOSCRIPT No matching script. Please use EVAL.");
      },
      eval: async () => {
        calls.push("eval");
        return [1];
      },
    };
    const limiter = createSenderRateLimiter(fake as unknown as Redis, { prefix: "unused" });
    expect(await limiter.reserve("x", 1)).toEqual({ ok: true });
    expect(calls).toEqual(["evalsha", "eval"]);
  });
});
