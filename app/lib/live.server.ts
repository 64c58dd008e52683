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

/** Subscribes to a shop's events; returns an unsubscribe function. */
export function subscribeLive(shop: string, onEvent: (event: LiveEvent) => void): () => void {
  const subscriber = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  void subscriber.subscribe(channel(shop));
  subscriber.on("message", (_channel, raw) => {
    try {
      onEvent(JSON.parse(raw) as LiveEvent);
    } catch {
      // ignore malformed events
    }
  });
  return () => subscriber.disconnect();
}
