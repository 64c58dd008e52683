// Storefront abuse limits: fixed-window counters in Redis per bucket, shop and client IP.
// One Lua script increments and sets the window's expiry atomically, so every web process
// shares the count. If Redis is unreachable the limiter lets requests through (and says so
// in the log): a storefront survey that fails closed would turn a Redis blip into lost leads.
import type { Cluster, Redis } from "ioredis";

export type LimitBucket = "page" | "step" | "phone" | "beacon";

/**
 * Per shop and IP. A shopper walks the survey in ~6 POSTs (more with back/next), so
 * 60 steps / 10 min is generous; each phone submission can lead to an SMS, so 5 an hour
 * (SMS-pumping defence); pages and beacons are counted and capped for the same reason.
 */
export const LIMITS: Record<LimitBucket, { limit: number; windowSeconds: number }> = {
  page: { limit: 120, windowSeconds: 600 },
  step: { limit: 60, windowSeconds: 600 },
  phone: { limit: 5, windowSeconds: 3600 },
  beacon: { limit: 120, windowSeconds: 600 },
};

export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface StorefrontLimiter {
  hit(bucket: LimitBucket, shop: string, ip: string | null): Promise<LimitResult>;
}

// KEYS[1] counter; ARGV[1] window seconds. Returns {count, seconds left in the window}.
const SCRIPT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('TTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`;

export const limitKey = (prefix: string, bucket: LimitBucket, shop: string, ip: string | null) =>
  `${prefix}:storefront-limit:${bucket}:{${shop}}:${ip ?? "unknown"}`;

export function createStorefrontLimiter(
  redis: () => Promise<Redis | Cluster>,
  options: { prefix: string; limits?: Partial<typeof LIMITS>; log?: (message: string) => void },
): StorefrontLimiter {
  const limits = { ...LIMITS, ...options.limits };
  const log = options.log ?? ((m) => console.warn(m));
  return {
    async hit(bucket, shop, ip) {
      const { limit, windowSeconds } = limits[bucket];
      try {
        const client = await redis();
        const [count, ttl] = (await client.eval(SCRIPT, 1, limitKey(options.prefix, bucket, shop, ip), windowSeconds)) as [number, number];
        return count > limit ? { ok: false, retryAfterSeconds: Math.max(1, ttl) } : { ok: true };
      } catch (error) {
        log(`[storefront-limit] ${bucket} check skipped, Redis unavailable: ${(error as Error).message}`);
        return { ok: true };
      }
    },
  };
}

/** "about 7 minutes" / "a few seconds", for the 429 message. */
export function waitLabel(seconds: number): string {
  if (seconds < 60) return "a minute";
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "a minute" : `${minutes} minutes`;
}
