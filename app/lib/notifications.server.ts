// Email the assigned expert when a conversation starts (inbound text or completed survey).
import { db } from "~/db.server";
import { env } from "~/env.server";
import { newConversationEmail, queueEmail } from "~/domain/email/email-outbox.server";
import { enqueueEmail } from "~/jobs/queues.server";

export function inboxUrl(shop: string, conversationId: string) {
  return `https://${shop}/admin/apps/${env.SHOPIFY_API_KEY}/app/inbox/${conversationId}`;
}

export async function notifyExpertOfNewConversation(shop: string, conversationId: string) {
  const conversation = await db.conversation.findFirst({
    where: { shop, id: conversationId },
    include: { expert: true, shopper: true, messages: { orderBy: { createdAt: "asc" }, take: 1 } },
  });
  if (!conversation?.expert?.email) return;
  const shopRow = await db.shop.findUnique({ where: { shop } });
  const shopper = conversation.shopper;
  const mail = newConversationEmail({
    shopName: shopRow?.name ?? shop,
    expertName: conversation.expert.name,
    shopperName: [shopper.firstName, shopper.lastName].filter(Boolean).join(" ") || shopper.phone,
    firstMessage: conversation.messages[0]?.body ?? "(survey answers in the brief)",
    inboxUrl: inboxUrl(shop, conversationId),
  });
  await queueEmail({ db, enqueue: enqueueEmail }, { shop, businessKey: `new-conversation:${conversationId}`, to: conversation.expert.email, ...mail });
}
