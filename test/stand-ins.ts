// The local Twilio and SMTP stand-ins for tests that live beside app code, under names that
// keep app/ free of the sandbox (the same servers back `npm run sandbox`).
import { resolve } from "node:path";
export { startTwilio as startTwilioStandIn, type TwilioSandbox as TwilioStandIn } from "../sandbox/twilio/server";
export { sandboxTwilioClient as standInTwilioClient } from "../sandbox/twilio/client";
export { startMailCapture } from "../sandbox/mail/server";

/** The edge preload: node --import it, or import it, to send api.twilio.com to a stand-in. */
export const EDGE_PRELOAD = resolve(__dirname, "../sandbox/edge/preload.mjs");

/** Routes this process's Twilio traffic to the stand-in at `url` (network redirection, as in the sandbox). */
export async function routeTwilioTo(url: string) {
  process.env.EDGE_TWILIO_URL = url;
  await import(EDGE_PRELOAD);
}
