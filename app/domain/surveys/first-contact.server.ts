// First contact: a survey response with a phone and consent becomes a conversation. In one
// transaction it is assigned, opened with the answers as its brief, and the expert (or, if
// nobody is free, the store) gets an email row; then the intro SMS goes through the outbox,
// so consent, opt-out and quiet hours apply to it like to any other text.
//
// Idempotent: the conversation is unique per survey response and the intro's business key
// is `intro:<responseId>`, so a replayed completion, a double submit, or the rescue job
// running after completion opens nothing twice and sends nothing twice; a run interrupted
// between the transaction and the intro is completed by the next one.
import type { Db } from "~/db.server";
import { queueMessage, type OutboxDeps, type QueueResult } from "~/domain/messaging/outbox.server";
import { renderTemplate } from "~/domain/templates/templates.server";
import { chooseExpert, type AssignedExpert } from "./assignment.server";
import { esc } from "./escape.server";
import { answerText, briefFrom, choiceLabels, parseAnswers, surveyById, type Answers, type Step } from "./survey.server";

export type FirstContactDeps = OutboxDeps & {
  /** A link to the conversation in the admin, for the expert's email. */
  inboxLink?: (shop: string, conversationId: string) => string;
  /**
   * Hands the notification email (an EmailMessage row, status pending) to the email worker.
   * Called after the transaction commits, and again on a replay while the row is still pending
   * (the job id dedupes). Without it the row just waits for whoever sends pending emails.
   */
  enqueueEmail?: (shop: string, emailId: string, businessKey: string) => Promise<void>;
};

export type OpenMode = "complete" | "rescue";

export type FirstContactResult = {
  conversationId: string;
  created: boolean;
  expert: AssignedExpert | null;
  intro: QueueResult;
};

export class FirstContactError extends Error {}

export const introKey = (responseId: string) => `intro:${responseId}`;
export const notificationKey = (conversationId: string) => `new-conversation:${conversationId}`;

const ANSWERS = "\u0000answers\u0000";
export const INTRO_TEMPLATE = `Hi {{shopper.first_name}}, it's {{expert.name}} from {{shop.name}}! Thanks for telling us about ${ANSWERS}. I'm reading your answers now and will text you personal picks shortly. Reply STOP to opt out.`;
export const PARTIAL_INTRO_TEMPLATE = `Hi {{shopper.first_name}}, it's {{expert.name}} from {{shop.name}}. I saw you started our quiz about ${ANSWERS}. Happy to help from here: what are you shopping for? Reply STOP to opt out.`;
export const QUEUED_INTRO_TEMPLATE = `Hi {{shopper.first_name}}, thanks for your answers from {{shop.name}}! Our experts are all helping other shoppers right now; the first one free will text you, usually within one business day. Reply STOP to opt out.`;

/** "skin care, dryness and dullness": up to three choice labels; never the shopper's free text. */
export function answersLine(steps: Step[], answers: Answers): string {
  const labels = [...new Set(choiceLabels(steps, answers).map((l) => l.trim()).filter(Boolean))].slice(0, 3);
  if (labels.length === 0) return "what you're looking for";
  const line = labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`;
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}

export function introBody(opts: {
  mode: OpenMode;
  expert: { name: string } | null;
  shopName: string;
  shopper: { firstName: string | null; lastName: string | null };
  steps: Step[];
  answers: Answers;
}): string {
  const template = !opts.expert ? QUEUED_INTRO_TEMPLATE : opts.mode === "rescue" ? PARTIAL_INTRO_TEMPLATE : INTRO_TEMPLATE;
  const filled = renderTemplate(template, { shopper: opts.shopper, expert: opts.expert, shop: { name: opts.shopName } });
  // The answers go in after the template is filled, so a label can't smuggle in a variable.
  return filled.replace(ANSWERS, answersLine(opts.steps, opts.answers));
}

export const shopNameOf = (shop: string, name: string | null | undefined) => name?.trim() || shop.replace(/\.myshopify\.com$/, "");

const maskPhone = (phone: string) => `•••${phone.slice(-4)}`;

function notificationEmail(opts: {
  mode: OpenMode;
  expert: AssignedExpert | null;
  shopper: { firstName: string | null; phone: string };
  surveyTitle: string;
  brief: Array<{ question: string; answer: string }>;
  link: string | null;
}) {
  const who = opts.shopper.firstName?.trim() || `a shopper (${maskPhone(opts.shopper.phone)})`;
  const subject = opts.expert
    ? `New conversation: ${who} from the survey`
    : `A shopper from the survey is waiting for an expert`;
  const opening = opts.expert ? `Hi ${opts.expert.name},` : "Hi,";
  const what =
    opts.mode === "rescue"
      ? `${who} gave their number and agreed to texts in the survey "${opts.surveyTitle}", but didn't finish it. Their brief is partial: pick it up from what they told us.`
      : `${who} just finished the survey "${opts.surveyTitle}".`;
  const assignment = opts.expert
    ? "You're their expert; your intro text is on its way."
    : "No expert was online with room for a new conversation, so it's waiting in the Unassigned view of the inbox. The shopper was told an expert will text them, usually within one business day.";
  const lines = opts.brief.length ? opts.brief.map((b) => `- ${b.question}: ${b.answer || "—"}`) : ["- (no answers yet)"];
  const text = [opening, "", what, assignment, "", "What they told us:", ...lines, "", opts.link ? `Open the conversation: ${opts.link}` : "Open Concierge in your Shopify admin to reply."].join("\n");
  const html = [
    `<p>${esc(opening)}</p>`,
    `<p>${esc(what)} ${esc(assignment)}</p>`,
    `<p><strong>What they told us:</strong></p>`,
    `<ul>${opts.brief.length ? opts.brief.map((b) => `<li>${esc(b.question)}: ${esc(b.answer || "—")}</li>`).join("") : "<li>(no answers yet)</li>"}</ul>`,
    opts.link ? `<p><a href="${esc(opts.link)}">Open the conversation</a></p>` : `<p>Open Concierge in your Shopify admin to reply.</p>`,
  ].join("\n");
  return { subject, text, html };
}

function briefLines(steps: Step[], answers: Answers) {
  return steps.flatMap((s) => (s.kind === "question" && answers[s.id] !== undefined ? [{ question: s.prompt, answer: answerText(answers[s.id], s) }] : []));
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === "P2002";

/**
 * Opens (or finds) the conversation for a response that has a phone and consent, and makes
 * sure its intro is queued. `complete` marks the survey finished; `rescue` marks it rescued
 * and opens with the answers given so far.
 */
export async function openConversation(deps: FirstContactDeps, shop: string, responseId: string, mode: OpenMode): Promise<FirstContactResult> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const response = await db.surveyResponse.findFirst({
    where: { shop, id: responseId },
    include: { shopper: true, conversation: { include: { expert: true } } },
  });
  if (!response) throw new FirstContactError("survey response not found");
  if (!response.shopper) throw new FirstContactError("the survey response has no phone and consent yet");
  const survey = await surveyById(db, shop, response.surveyId);
  if (!survey) throw new FirstContactError("survey not found");
  const shopRow = await db.shop.findUnique({ where: { shop }, select: { name: true, email: true } });
  const shopName = shopNameOf(shop, shopRow?.name);
  const answers = parseAnswers(response.answers);
  const brief = briefFrom(survey.steps, answers);
  const shopper = response.shopper;

  let conversation = response.conversation;
  let created = false;
  let expert: AssignedExpert | null = conversation?.expert ?? null;

  if (!conversation) {
    try {
      const opened = await db.$transaction(async (txClient) => {
        const tx = txClient as unknown as Db;
        const assignment = await chooseExpert(tx, shop, shopper);
        const row = await tx.conversation.create({
          data: {
            shop,
            shopperId: shopper.id,
            expertId: assignment.expert?.id ?? null,
            surveyResponseId: response.id,
            stage: "intro",
            status: "awaiting_expert",
            brief: JSON.stringify(brief),
            lastActivityAt: now,
          },
        });
        if (assignment.expert) {
          await tx.expert.update({ where: { id: assignment.expert.id }, data: { lastAssignedAt: now } });
          // A returning shopper keeps their expert; a new one (or one whose expert left) gets this one.
          if (assignment.reason === "least_loaded") await tx.shopper.update({ where: { id: shopper.id }, data: { expertId: assignment.expert.id } });
        }
        await tx.surveyResponse.update({
          where: { id: response.id },
          data: mode === "complete" ? { completedAt: response.completedAt ?? now } : { rescuedAt: now },
        });
        if (mode === "rescue") {
          const answered = survey.steps.filter((s) => s.kind === "question" && answers[s.id] !== undefined).length;
          const asked = survey.steps.filter((s) => s.kind === "question").length;
          await tx.conversationNote.create({
            data: {
              shop,
              conversationId: row.id,
              authorName: "Concierge",
              body: `Rescued from an unfinished survey: the shopper gave their number and agreed to texts, then stopped after answering ${answered} of ${asked} questions. The brief shows what they told us so far.`,
            },
          });
        }
        // The assigned expert; with nobody assigned, the store's own address hears about the wait.
        const to = assignment.expert ? assignment.expert.email : (shopRow?.email ?? null);
        if (to) {
          const email = notificationEmail({
            mode,
            expert: assignment.expert,
            shopper: { firstName: shopper.firstName, phone: shopper.phone },
            surveyTitle: survey.title,
            brief: briefLines(survey.steps, answers),
            link: deps.inboxLink?.(shop, row.id) ?? null,
          });
          await tx.emailMessage.create({ data: { shop, businessKey: notificationKey(row.id), to, ...email, status: "pending" } });
        }
        return { row, expert: assignment.expert };
      });
      conversation = { ...opened.row, expert: null };
      expert = opened.expert;
      created = true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another request opened it first (double submit, or completion racing the rescue job).
      conversation = await db.conversation.findFirstOrThrow({ where: { shop, surveyResponseId: response.id }, include: { expert: true } });
      expert = conversation.expert;
    }
  } else if (mode === "complete" && !response.completedAt) {
    // Finished after the rescue opened the conversation: the brief becomes complete.
    await db.$transaction([
      db.surveyResponse.updateMany({ where: { shop, id: response.id, completedAt: null }, data: { completedAt: now } }),
      db.conversation.update({ where: { id: conversation.id }, data: { brief: JSON.stringify(brief) } }),
      db.conversationNote.create({
        data: { shop, conversationId: conversation.id, authorName: "Concierge", body: "The shopper came back and finished the survey; the brief now has all their answers." },
      }),
    ]);
  }

  const intro = await queueMessage(deps, {
    shop,
    shopperId: shopper.id,
    conversationId: conversation.id,
    kind: "intro",
    // Sent on the expert's behalf, not typed by them: it must not count as their first reply.
    author: "automation",
    expertId: expert?.id ?? null,
    body: introBody({
      mode,
      expert,
      shopName,
      shopper: { firstName: shopper.firstName, lastName: shopper.lastName },
      steps: survey.steps,
      answers,
    }),
    businessKey: introKey(response.id),
  });
  if (deps.enqueueEmail) {
    const key = notificationKey(conversation.id);
    const email = await db.emailMessage.findUnique({ where: { shop_businessKey: { shop, businessKey: key } }, select: { id: true, status: true } });
    if (email?.status === "pending") {
      try {
        await deps.enqueueEmail(shop, email.id, key);
      } catch (error) {
        // The row stays pending; the next replay or the rescue job hands it over again.
        console.error(`[survey] enqueueing the expert email failed: ${(error as Error).message}`);
      }
    }
  }
  if (created) await deps.publish(shop, { type: "conversation", conversationId: conversation.id });
  return { conversationId: conversation.id, created, expert, intro };
}
