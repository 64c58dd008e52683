// Redis connections, per BullMQ's production guide: producers fail fast when Redis is
// down (no offline queue); workers wait forever for a reply (maxRetriesPerRequest: null).
import { Redis, type RedisOptions } from "ioredis";
import { env } from "~/env.server";

export function producerConnection(url = env.REDIS_URL, extra: RedisOptions = {}) {
  return new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, ...extra });
}

export function workerConnection(url = env.REDIS_URL, extra: RedisOptions = {}) {
  return new Redis(url, { maxRetriesPerRequest: null, ...extra });
}
