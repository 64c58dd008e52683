// The body of the two Twilio routes: 403 unless the SDK validates the signature, then
// record and enqueue. Nothing is written for a forged request.
import { db } from "~/db.server";
import { env } from "~/env.server";
import { readSignedTwilioForm } from "~/integrations/twilio/signature.server";
import { recordTwilioEvent, type TwilioEventKind } from "~/domain/messaging/twilio-events.server";
import { shopForInbound } from "~/domain/messaging/senders.server";
import { enqueueTwilioEvent } from "~/jobs/queues.server";

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
export const UNROUTED_SHOP = "_unrouted";

export async function acceptTwilio(request: Request, kind: TwilioEventKind): Promise<Response> {
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405 });
  const form = await readSignedTwilioForm(request, { authToken: env.TWILIO_AUTH_TOKEN, appUrl: env.SHOPIFY_APP_URL });
  if (!form) return new Response("Invalid Twilio signature", { status: 403 });

  // Status callback URLs carry ?shop= (covered by the signature); inbound is routed by number.
  const shop =
    kind === "status"
      ? new URL(request.url).searchParams.get("shop")
      : await shopForInbound(db, form);
  const recorded = await recordTwilioEvent(db, kind, form, shop ?? UNROUTED_SHOP, env.ENCRYPTION_KEY);
  if (!recorded) return new Response("Missing MessageSid", { status: 400 });
  if (!recorded.duplicate && shop) await enqueueTwilioEvent(shop, recorded.eventId, kind);
  return new Response(EMPTY_TWIML, { status: 200, headers: { "Content-Type": "text/xml" } });
}
