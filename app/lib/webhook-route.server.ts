// The body of every webhook route: authenticate (401 on a bad HMAC, before anything is
// written), record, enqueue, answer 200.
import { authenticate } from "~/shopify.server";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { recordDelivery } from "~/domain/webhooks/intake.server";
import { enqueueWebhookEvent } from "~/jobs/queues.server";

export async function acceptWebhook(request: Request): Promise<Response> {
  const { webhookId, topic, shop, apiVersion, payload } = await authenticate.webhook(request);
  const recorded = await recordDelivery(db, { webhookId, topic: String(topic), shop, apiVersion, payload }, env.ENCRYPTION_KEY);
  if (!recorded.processed) await enqueueWebhookEvent(recorded.eventId, String(topic));
  return new Response(null, { status: 200 });
}
