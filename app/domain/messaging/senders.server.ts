// Which shop a Twilio number or Messaging Service belongs to.
import type { Db } from "~/db.server";

export async function shopForInbound(db: Db, form: Record<string, string>): Promise<string | null> {
  if (form.To) {
    const sender = await db.senderNumber.findUnique({ where: { phoneNumber: form.To }, select: { shop: true } });
    if (sender) return sender.shop;
  }
  if (form.MessagingServiceSid) {
    const shop = await db.shop.findFirst({
      where: { messagingServiceSid: form.MessagingServiceSid },
      select: { shop: true },
    });
    if (shop) return shop.shop;
  }
  return null;
}
