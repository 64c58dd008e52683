// Per-sender messages-per-second limit shared by every worker process. A sliding log in a
// Redis sorted set, checked and written in one Lua script against Redis's own clock, so
// no two processes can both take the last slot and no local clock skew matters.
//
// Why it holds: a send is admitted only if fewer than `mps` admissions have scores in
// (now − 1 s, now]. Take any 1-second window and its last admission: every earlier
// admission in that window was within 1 s of it and was counted, so the window holds at
// most `mps`. Scripts run one at a time and Redis TIME never goes back on one server.
import { createHash, randomUUID } from "node:crypto";
import type { Redis, Cluster } from "ioredis";

export type SenderKind = "long_code" | "toll_free" | "short_code";

/** Carrier throughput per number: 10DLC long code 1, toll-free 3, short code 100. */
export function defaultMps(kind: SenderKind): number {
  switch (kind) {
    case "long_code":
      return 1;
    case "toll_free":
      return 3;
    case "short_code":
      return 100;
  }
}

export type Reservation = { ok: true } | { ok: false; retryInMs: number };

export interface SenderRateLimiter {
  /**
   * Takes one send slot for the sender (a phone number or Messaging Service SID), or says
   * how long until the oldest slot in the window frees up. A taken slot is spent even if
   * the send then fails: erring low keeps us under the carrier's limit.
   */
  reserve(senderKey: string, mps: number): Promise<Reservation>;
}

const WINDOW_US = 1_000_000;

// Admissions are also spaced 1.03 × 1/mps apart. A sliding log alone admits a whole
// second's worth at once, and with jitter between admission and the request reaching
// Twilio, two such bursts can land in one second there. Even spacing with 3% slack keeps
// every 1-second window at Twilio within mps and still uses 97% of the budget.
export const SPACING = 1.03;

// KEYS[1] log; ARGV: limit, unique member. Returns {1} or {0, microseconds to wait}.
const RESERVE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local key = KEYS[1]
local limit = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - ${WINDOW_US})
local spacing = math.floor(${WINDOW_US} * ${SPACING} / limit)
local wait = 0
local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
if last[2] and now - tonumber(last[2]) < spacing then
  wait = tonumber(last[2]) + spacing - now
end
if redis.call('ZCARD', key) >= limit then
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  wait = math.max(wait, tonumber(oldest[2]) + ${WINDOW_US} - now)
end
if wait > 0 then
  return {0, wait}
end
redis.call('ZADD', key, now, ARGV[2])
redis.call('PEXPIRE', key, ${(WINDOW_US / 1000) * 2})
return {1}
`;
const RESERVE_SHA = createHash("sha1").update(RESERVE_SCRIPT).digest("hex");

export function createSenderRateLimiter(redis: Redis | Cluster, options: { prefix: string }): SenderRateLimiter {
  const logKey = (senderKey: string) => `${options.prefix}:sender-mps:{${senderKey}}`;

  async function run(key: string, mps: number, member: string): Promise<[number, number?]> {
    try {
      return (await redis.evalsha(RESERVE_SHA, 1, key, mps, member)) as [number, number?];
    } catch (error) {
      if (!String((error as Error).message).includes("NOSCRIPT")) throw error;
      return (await redis.eval(RESERVE_SCRIPT, 1, key, mps, member)) as [number, number?];
    }
  }

  return {
    async reserve(senderKey, mps) {
      if (!Number.isInteger(mps) || mps < 1) throw new RangeError(`mps must be a positive integer, got ${mps}`);
      const [admitted, waitUs] = await run(logKey(senderKey), mps, randomUUID());
      if (admitted === 1) return { ok: true };
      // At least 1 ms, so a caller that sleeps retryInMs always makes progress.
      return { ok: false, retryInMs: Math.max(1, Math.ceil((waitUs ?? WINDOW_US) / 1000)) };
    },
  };
}
