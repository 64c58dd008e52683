// Abandoned-survey rescue. When the phone-and-consent step comes before the end of the
// survey, the shopper has agreed to texts before they finish. If they haven't finished
// `Shop.abandonedSurveyMinutes` after giving their number, the conversation opens anyway
// with the answers so far (a partial brief), so an expert can pick it up.
import { openConversation, type FirstContactDeps } from "./first-contact.server";
import { parseAnswers, surveyById } from "./survey.server";

export type RescueResult =
  | { result: "opened"; conversationId: string }
  | { result: "skipped"; reason: "gone" | "completed" | "no_phone" | "already_open" }
  | { result: "not_due"; at: Date };

/** When the shopper first gave their number (stored with the phone step's answer). */
export function phoneGivenAt(answers: Record<string, unknown>, phoneStepId: string): Date | null {
  const entry = answers[phoneStepId] as { at?: unknown } | undefined;
  const at = typeof entry?.at === "string" ? new Date(entry.at) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
}

export async function rescueAbandonedSurvey(deps: FirstContactDeps, shop: string, responseId: string): Promise<RescueResult> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const response = await db.surveyResponse.findFirst({
    where: { shop, id: responseId },
    select: { id: true, surveyId: true, answers: true, completedAt: true, shopperId: true, updatedAt: true, conversation: { select: { id: true } } },
  });
  if (!response) return { result: "skipped", reason: "gone" };
  if (response.completedAt) return { result: "skipped", reason: "completed" };
  if (!response.shopperId) return { result: "skipped", reason: "no_phone" };
  if (response.conversation) return { result: "skipped", reason: "already_open" };

  const [shopRow, survey] = await Promise.all([
    db.shop.findUnique({ where: { shop }, select: { abandonedSurveyMinutes: true } }),
    surveyById(db, shop, response.surveyId),
  ]);
  if (!survey) return { result: "skipped", reason: "gone" };
  const phoneStep = survey.steps.find((s) => s.kind === "phone");
  const givenAt = (phoneStep && phoneGivenAt(parseAnswers(response.answers), phoneStep.id)) ?? response.updatedAt;
  const due = new Date(givenAt.getTime() + (shopRow?.abandonedSurveyMinutes ?? 30) * 60_000);
  // The window grew since the job was scheduled: come back when it is really over.
  if (now.getTime() < due.getTime() - 1_000) return { result: "not_due", at: due };

  const opened = await openConversation(deps, shop, response.id, "rescue");
  return { result: "opened", conversationId: opened.conversationId };
}
