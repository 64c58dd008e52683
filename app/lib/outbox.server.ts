// The outbox wired to the real infrastructure (the outbox queue, Redis pub/sub).
// Routes and jobs use these; tests pass their own.
import { db } from "~/db.server";
import { publishLive } from "~/lib/live.server";
import { enqueueOutboundMessage } from "~/jobs/queues.server";
import type { OutboxDeps } from "~/domain/messaging/outbox.server";

export const outboxDeps = (shop: string): OutboxDeps => ({
  db,
  publish: publishLive,
  enqueue: (messageId, businessKey, runAt) => enqueueOutboundMessage(shop, messageId, businessKey, runAt),
});
