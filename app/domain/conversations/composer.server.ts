// What the inbox thread needs around inbox.server.ts: who the signed-in staff user is as
// an expert, a light conversation lookup for actions, templates rendered for one shopper,
// and the send-policy decision put in words for the composer.
import type { Db } from "~/db.server";
import type { SendPolicyDecision } from "~/domain/messaging/send-policy.server";
import { renderTemplate } from "~/domain/templates/templates.server";

/** The expert linked to a Shopify staff user (session token `sub`), active ones first. */
export async function expertForStaffUser(db: Db, shop: string, staffUserId: string | null | undefined) {
  if (!staffUserId) return null;
  // Experts store the numeric id; tokens and older rows may carry the gid form.
  const id = staffUserId.replace(/^gid:\/\/shopify\/StaffMember\//, "");
  return db.expert.findFirst({
    where: { shop, staffUserId: id },
    orderBy: [{ active: "desc" }, { createdAt: "asc" }],
    select: { id: true, name: true, active: true },
  });
}

/** Active experts for the reassign picker (no load counts: the thread loader stays light). */
export async function assignableExperts(db: Db, shop: string) {
  return db.expert.findMany({ where: { shop, active: true }, orderBy: { name: "asc" }, select: { id: true, name: true } });
}

/** Just enough of a conversation to act on it; null when it isn't this shop's. */
export async function conversationForReply(db: Db, shop: string, conversationId: string) {
  return db.conversation.findFirst({
    where: { shop, id: conversationId },
    select: { id: true, shopperId: true, expertId: true, status: true },
  });
}

export type ComposerTemplate = { id: string; name: string; productId: string | null; productTitle: string | null; body: string };

/** The shop's templates filled in for this shopper, expert and shop, ready to edit and send. */
export function renderComposerTemplates(
  templates: Array<{ id: string; name: string; body: string; productId: string | null; productTitle: string | null }>,
  ctx: {
    shopper: { firstName: string | null; lastName: string | null };
    expert: { name: string } | null;
    shopName: string;
    productUrls: Record<string, string>;
  },
): ComposerTemplate[] {
  return templates.map((t) => ({
    id: t.id,
    name: t.name,
    productId: t.productId,
    productTitle: t.productTitle,
    body: renderTemplate(t.body, {
      shopper: ctx.shopper,
      expert: ctx.expert,
      shop: { name: ctx.shopName },
      product: t.productId ? { title: t.productTitle ?? "", url: ctx.productUrls[t.productId] ?? "" } : null,
    }),
  }));
}

export type SendOutlook =
  | { decision: "send" }
  | { decision: "hold"; until: string; localTime: string | null; timezone: string | null; reason: string }
  | { decision: "block"; code: string; reason: string };

/**
 * The policy decision for "if the expert sent now", for the composer's notice. The hold
 * reason reads "quiet hours in <zone>; sends at HH:MM" (send-policy.server.ts); the zone
 * and time are taken from it so the notice shows the shopper's local time.
 */
export function sendOutlook(decision: SendPolicyDecision): SendOutlook {
  if (decision.decision === "send") return { decision: "send" };
  if (decision.decision === "block") return { decision: "block", code: decision.code, reason: decision.reason };
  const match = /quiet hours in ([^;]+); sends at (\d{1,2}:\d{2})/.exec(decision.reason);
  return {
    decision: "hold",
    until: decision.until.toISOString(),
    timezone: match?.[1] ?? null,
    localTime: match?.[2] ?? null,
    reason: decision.reason,
  };
}
