// The outbox's email sibling: expert notifications and recommendation reports are
// EmailMessage rows with a business key, sent by the worker once.
import type { Db } from "~/db.server";
import type { MailTransport } from "~/integrations/email/smtp.server";

export type EmailDraft = { shop: string; businessKey: string; to: string; subject: string; text: string; html?: string | null };
export type EnqueueEmail = (shop: string, emailId: string, businessKey: string) => Promise<void>;

/** Records an email (idempotent per business key) and hands it to the worker. */
export async function queueEmail(deps: { db: Db; enqueue: EnqueueEmail }, draft: EmailDraft) {
  const existing = await deps.db.emailMessage.findUnique({ where: { shop_businessKey: { shop: draft.shop, businessKey: draft.businessKey } } });
  const email = existing ?? (await deps.db.emailMessage.create({ data: { ...draft, html: draft.html ?? null } }));
  if (email.status === "pending") await deps.enqueue(draft.shop, email.id, draft.businessKey);
  return email;
}

export async function dispatchEmail(deps: { db: Db; transport: MailTransport; from: string }, shop: string, emailId: string) {
  const email = await deps.db.emailMessage.findFirst({ where: { shop, id: emailId } });
  if (!email || email.status !== "pending") return email?.status ?? "missing";
  try {
    await deps.transport.send({ from: deps.from, to: email.to, subject: email.subject, text: email.text, html: email.html });
  } catch (error) {
    await deps.db.emailMessage.update({ where: { id: email.id }, data: { error: (error as Error).message.slice(0, 500) } });
    throw error; // retried with backoff; the row keeps the last error
  }
  await deps.db.emailMessage.update({ where: { id: email.id }, data: { status: "sent", sentAt: new Date(), error: null } });
  return "sent";
}

/** The email that tells an expert a shopper is waiting for them. */
export function newConversationEmail(opts: { shopName: string; expertName: string; shopperName: string; firstMessage: string; inboxUrl: string }) {
  const subject = `${opts.shopperName} is waiting for you on ${opts.shopName}`;
  const text = `Hi ${opts.expertName.split(" ")[0]},\n\n${opts.shopperName} started a conversation:\n\n“${opts.firstMessage}”\n\nReply in your Concierge inbox: ${opts.inboxUrl}\n`;
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<p>Hi ${esc(opts.expertName.split(" ")[0]!)},</p><p><strong>${esc(opts.shopperName)}</strong> started a conversation:</p><blockquote>${esc(opts.firstMessage)}</blockquote><p><a href="${esc(opts.inboxUrl)}">Reply in your Concierge inbox</a></p>`;
  return { subject, text, html };
}
