// The survey-rescue queue's job: `abandonedSurveyMinutes` after a shopper gave their number
// and consent mid-survey, open the conversation with a partial brief if they haven't finished.
// Idempotent: a finished survey, an already open conversation or a deleted response is a no-op.
import { rescueAbandonedSurvey, type RescueResult } from "~/domain/surveys/rescue.server";
import type { FirstContactDeps } from "~/domain/surveys/first-contact.server";
import { adminInboxLink } from "~/domain/surveys/links.server";

export type SurveyRescueJob = { shop: string; responseId: string };

export async function processSurveyRescue(deps: FirstContactDeps, data: SurveyRescueJob): Promise<RescueResult> {
  return rescueAbandonedSurvey({ inboxLink: adminInboxLink, ...deps }, data.shop, data.responseId);
}
