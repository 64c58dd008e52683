// An inbound SMS: find or create the shopper, file the message in their open conversation
// (or a new one with their expert), and answer STOP / START / HELP through the outbox.
import type { Db } from "~/db.server";
import { classifyInbound } from "./inbound-keywords.server";
import { queueMessage, type OutboxDeps } from "./outbox.server";
import { recordOptIn, recordOptOut } from "./opt-out.server";

export type InboundResult = {
  messageId: string;
  conversationId: string;
  kind: "opt_out" | "opt_in" | "help" | "message";
  newConversation: boolean;
  duplicate: boolean;
};

type Media = { url: string; contentType: string | null };

export function mediaOf(form: Record<string, string>): Media[] {
  const count = Math.min(Number.parseInt(form.NumMedia ?? "0", 10) || 0, 10);
  return Array.from({ length: count }, (_, i) => ({ url: form[`MediaUrl${i}`] ?? "", contentType: form[`MediaContentType${i}`] ?? null })).filter((m) => m.url);
}

export const optOutConfirmation = (shopName: string) =>
  `${shopName}: You're unsubscribed and won't get more texts from us. Reply START to resubscribe.`;
export const optInConfirmation = (shopName: string) =>
  `${shopName}: You're resubscribed. Msg frequency varies. Msg & data rates may apply. Reply HELP for help, STOP to cancel.`;

/** Picks who gets a brand-new conversation: the shopper's expert, else the shop's default, else the least loaded online expert. */
async function expertForNewConversation(db: Db, shop: string, preferred: string | null) {
  if (preferred) {
    const expert = await db.expert.findFirst({ where: { shop, id: preferred, active: true } });
    if (expert) return expert.id;
  }
  const fallback =
    (await db.expert.findFirst({ where: { shop, active: true, isDefault: true } })) ??
    (await db.expert.findFirst({ where: { shop, active: true, availability: "online" }, orderBy: { lastAssignedAt: { sort: "asc", nulls: "first" } } })) ??
    (await db.expert.findFirst({ where: { shop, active: true }, orderBy: { createdAt: "asc" } }));
  return fallback?.id ?? null;
}

export async function handleInbound(deps: OutboxDeps, shop: string, form: Record<string, string>): Promise<InboundResult> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const sid = form.MessageSid ?? form.SmsSid!;
  const from = form.From!;
  const body = (form.Body ?? "").slice(0, 1600);

  const seen = await db.message.findFirst({ where: { shop, twilioSid: sid } });
  if (seen) return { messageId: seen.id, conversationId: seen.conversationId!, kind: "message", newConversation: false, duplicate: true };

  const shopper = await db.shopper.upsert({
    where: { shop_phone: { shop, phone: from } },
    create: { shop, phone: from, lastInboundAt: now },
    update: { lastInboundAt: now },
  });
  const classification = classifyInbound(body);
  // YES only means "opt back in" from someone who opted out; otherwise it is an answer.
  const kind = classification.kind === "opt_in" && !shopper.optedOut ? "message" : classification.kind;

  let conversation = await db.conversation.findFirst({
    where: { shop, shopperId: shopper.id, status: { not: "closed" } },
    orderBy: { lastActivityAt: "desc" },
  });
  const newConversation = !conversation;
  if (!conversation) {
    const expertId = await expertForNewConversation(db, shop, shopper.expertId);
    conversation = await db.conversation.create({ data: { shop, shopperId: shopper.id, expertId, stage: "intro", status: "awaiting_expert", lastActivityAt: now } });
    if (expertId) {
      await db.expert.update({ where: { id: expertId }, data: { lastAssignedAt: now } });
      if (!shopper.expertId) await db.shopper.update({ where: { id: shopper.id }, data: { expertId } });
    }
  }

  const message = await db.message.create({
    data: {
      shop,
      shopperId: shopper.id,
      conversationId: conversation.id,
      direction: "inbound",
      channel: mediaOf(form).length ? "mms" : "sms",
      author: "shopper",
      kind: "inbound",
      body,
      mediaUrls: JSON.stringify(mediaOf(form)),
      businessKey: `inbound:${sid}`,
      status: "received",
      twilioSid: sid,
      fromNumber: from,
      toNumber: form.To ?? null,
      segments: Number.parseInt(form.NumSegments ?? "1", 10) || 1,
      events: { create: { shop, type: "received", detail: kind === "message" ? null : `keyword: ${kind.replace("_", " ")}` } },
    },
  });
  await db.conversation.update({
    where: { id: conversation.id },
    data: { status: "awaiting_expert", lastInboundAt: now, lastActivityAt: now },
  });

  const shopRow = await db.shop.findUnique({ where: { shop } });
  const shopName = shopRow?.name ?? shop.replace(/\.myshopify\.com$/, "");
  const reply = (businessKey: string, kindOfReply: "optout_confirmation" | "optin_confirmation" | "help_reply", text: string) =>
    queueMessage(deps, { shop, shopperId: shopper.id, conversationId: conversation!.id, kind: kindOfReply, author: "automation", body: text, businessKey });

  if (kind === "opt_out") {
    const optOutId = await recordOptOut(db, shop, shopper.id, {
      keyword: classification.keyword ?? body.slice(0, 40),
      source: classification.keyword && classification.keyword === classification.keyword.toUpperCase() ? "inbound_keyword" : "inbound_phrase",
      at: now,
    });
    if (optOutId) await reply(`optout-confirm:${optOutId}`, "optout_confirmation", optOutConfirmation(shopName));
  } else if (kind === "opt_in") {
    if (await recordOptIn(db, shop, shopper.id, now)) await reply(`optin-confirm:${sid}`, "optin_confirmation", optInConfirmation(shopName));
  } else if (kind === "help") {
    await reply(`help:${sid}`, "help_reply", `${shopName}: ${shopRow?.helpText ?? "Reply STOP to unsubscribe."}`);
  }

  await deps.publish(shop, { type: "message", conversationId: conversation.id, messageId: message.id, status: "received" });
  return { messageId: message.id, conversationId: conversation.id, kind, newConversation, duplicate: false };
}
