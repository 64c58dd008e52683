// Live updates for the inbox: domain code publishes small events per shop on Redis pub/sub,
// and every web process relays them to its open Server-Sent Event streams.
import { Redis } from "ioredis";
import { env } from "~/env.server";

export type LiveEvent =
  | { type: "message"; conversationId: string | null; messageId: string; status: string }
  | { type: "conversation"; conversationId: string };

export type Publish = (shop: string, event: LiveEvent) => Promise<void>;

const channel = (shop: string) => `${env.QUEUE_PREFIX}:live:${shop}`;

let publisher: Redis | undefined;

export const publishLive: Publish = async (shop, event) => {
  publisher ??= new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    await publisher.publish(channel(shop), JSON.stringify(event));
  } catch (error) {
    // Live updates are a convenience; the inbox reloads on focus, so never fail the write.
    console.warn(`[live] publish failed: ${(error as Error).message}`);
  }
};

// One subscriber connection per process, shared by every open stream: a shop's channel is
// subscribed while at least one stream of that shop listens.
let subscriber: Redis | undefined;
const listeners = new Map<string, Set<(event: LiveEvent) => void>>();

function sharedSubscriber(): Redis {
  if (subscriber) return subscriber;
  subscriber = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  subscriber.on("error", (error) => console.warn(`[live] subscriber: ${error.message}`));
  subscriber.on("message", (channelName: string, raw: string) => {
    const shopListeners = listeners.get(channelName);
    if (!shopListeners?.size) return;
    let event: LiveEvent;
    try {
      event = JSON.parse(raw) as LiveEvent;
    } catch {
      return; // ignore malformed events
    }
    for (const listener of shopListeners) listener(event);
  });
  return subscriber;
}

// Streams to end when the process stops, so the HTTP server can close; browsers reconnect
// (to another web process) on their own.
const onShutdown = new Set<() => void>();

/** Ends every open live stream of this process (web shutdown, before the server closes). */
export function endLiveStreams() {
  for (const end of [...onShutdown]) end();
  onShutdown.clear();
}

/** Streams register here to be ended when the process stops; returns the unregister function. */
export function onLiveShutdown(end: () => void): () => void {
  onShutdown.add(end);
  return () => void onShutdown.delete(end);
}

/** Subscribes to a shop's events; returns an unsubscribe function. */
export function subscribeLive(shop: string, onEvent: (event: LiveEvent) => void): () => void {
  const name = channel(shop);
  const redis = sharedSubscriber();
  let shopListeners = listeners.get(name);
  if (!shopListeners) {
    shopListeners = new Set();
    listeners.set(name, shopListeners);
    void redis.subscribe(name);
  }
  shopListeners.add(onEvent);
  return () => {
    const current = listeners.get(name);
    if (!current?.delete(onEvent) || current.size > 0) return;
    listeners.delete(name);
    void redis.unsubscribe(name);
  };
}

/** Closes this process's publisher and subscriber (web shutdown). */
export async function closeLive() {
  const connections = [publisher, subscriber].filter((c): c is Redis => c !== undefined);
  publisher = undefined;
  subscriber = undefined;
  listeners.clear();
  await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
}
