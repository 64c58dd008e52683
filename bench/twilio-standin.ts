// The Twilio stand-in in its own process for benchmarks, so its work doesn't share an event
// loop with the code being measured. Prints its URL, then serves stats on /_sandbox/messages.
import { startTwilio } from "../sandbox/twilio/server";

const twilio = await startTwilio({
  accountSid: process.env.TWILIO_ACCOUNT_SID!,
  authToken: process.env.TWILIO_AUTH_TOKEN!,
  statusDelaysMs: { sent: 3_600_000, delivered: 3_600_000 },
  log: () => {},
});
console.log(`TWILIO_URL=${twilio.url}`);
process.on("SIGTERM", () => void twilio.close().then(() => process.exit(0)));
