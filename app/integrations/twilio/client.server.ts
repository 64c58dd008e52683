// The platform's Twilio account (env). Every shop sends through it; the worker is the only
// caller of the Messages API (web handlers never call Twilio directly).
import twilio from "twilio";
import { env } from "~/env.server";

export type TwilioClient = ReturnType<typeof twilio>;

let client: TwilioClient | undefined;

/** Requests time out after 15 s: a timed-out send is looked up before it is retried. */
export function twilioClient(): TwilioClient {
  client ??= twilio(env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN, { timeout: 15_000, autoRetry: false });
  return client;
}

/** Where Twilio posts delivery status for a shop's message (the shop rides in the signed URL). */
export function statusCallbackUrl(shop: string): string {
  return `${env.SHOPIFY_APP_URL}/twilio/status?shop=${encodeURIComponent(shop)}`;
}

export function inboundWebhookUrl(): string {
  return `${env.SHOPIFY_APP_URL}/twilio/inbound`;
}
