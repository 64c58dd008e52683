// Inbound SMS and delivery callbacks, recorded before they are acknowledged so that none
// is lost. The id is the dedupe key: a status callback is keyed by SID and status.
import type { Db } from "~/db.server";
import { encryptJson } from "~/lib/crypto.server";

export type TwilioEventKind = "inbound" | "status";

export function twilioEventId(kind: TwilioEventKind, form: Record<string, string>): string | null {
  const sid = form.MessageSid ?? form.SmsSid;
  if (!sid) return null;
  return kind === "inbound" ? `twilio:${sid}:inbound` : `twilio:${sid}:${form.MessageStatus ?? form.SmsStatus ?? "unknown"}`;
}

/** Records the event (encrypted: it carries phone numbers and bodies); false if seen before. */
export async function recordTwilioEvent(
  db: Db,
  kind: TwilioEventKind,
  form: Record<string, string>,
  shop: string,
  encryptionKey: string,
): Promise<{ eventId: string; duplicate: boolean } | null> {
  const eventId = twilioEventId(kind, form);
  if (!eventId) return null;
  try {
    await db.webhookEvent.create({
      data: { id: eventId, shop, topic: `twilio/${kind}`, payload: encryptJson(form, encryptionKey) },
    });
    return { eventId, duplicate: false };
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return { eventId, duplicate: true };
    throw error;
  }
}
