// The survey as the storefront runner walks it: one step per question, in position order,
// and always one phone-and-consent step. The merchant places that step by where the survey's
// phone_consent question sits; a survey without one gets it appended as the last step.
import { directSql, type Db } from "~/db.server";

export type QuestionType = "single_choice" | "multi_choice" | "true_false" | "short_text";
export type Option = { value: string; label: string };

export type QuestionStep = {
  kind: "question";
  id: string;
  type: QuestionType;
  prompt: string;
  helpText: string | null;
  required: boolean;
  options: Option[];
};
export type PhoneStep = { kind: "phone"; id: string; prompt: string; helpText: string | null };
export type Step = QuestionStep | PhoneStep;

export type RunnerSurvey = { id: string; title: string; intro: string | null; steps: Step[] };

/** The answer key of a phone step when the survey has no phone_consent question. */
export const SYNTHETIC_PHONE_ID = "phone";
export const DEFAULT_PHONE_PROMPT = "Where should your expert text you?";

const QUESTION_TYPES: readonly string[] = ["single_choice", "multi_choice", "true_false", "short_text"];

function parseOptions(raw: string): Option[] {
  try {
    const list = JSON.parse(raw) as unknown;
    if (!Array.isArray(list)) return [];
    return list
      .filter((o): o is { value: unknown; label: unknown } => typeof o === "object" && o !== null)
      .map((o) => ({ value: String(o.value ?? o.label ?? ""), label: String(o.label ?? o.value ?? "") }))
      .filter((o) => o.value !== "" && o.label !== "");
  } catch {
    return [];
  }
}

type QuestionRow = { id: string; type: string; prompt: string; helpText: string | null; required: boolean; options: string; position: number };

export function buildSteps(questions: QuestionRow[]): Step[] {
  const steps: Step[] = [];
  let phone: PhoneStep | null = null;
  for (const q of [...questions].sort((a, b) => a.position - b.position)) {
    if (q.type === "phone_consent") {
      // One phone step; a second phone_consent question is a misconfiguration and is skipped.
      if (!phone) {
        // The consent wording is the shop's current version, never a copy in the question.
        phone = { kind: "phone", id: q.id, prompt: q.prompt || DEFAULT_PHONE_PROMPT, helpText: null };
        steps.push(phone);
      }
      continue;
    }
    if (!QUESTION_TYPES.includes(q.type)) continue;
    let options = parseOptions(q.options);
    if (q.type === "true_false") {
      options = [
        { value: "true", label: options[0]?.label ?? "Yes" },
        { value: "false", label: options[1]?.label ?? "No" },
      ];
    }
    // A choice question without options can't be answered; skip it rather than trap the shopper.
    if ((q.type === "single_choice" || q.type === "multi_choice") && options.length === 0) continue;
    steps.push({ kind: "question", id: q.id, type: q.type as QuestionType, prompt: q.prompt, helpText: q.helpText, required: q.required, options });
  }
  if (!phone) steps.push({ kind: "phone", id: SYNTHETIC_PHONE_ID, prompt: DEFAULT_PHONE_PROMPT, helpText: null });
  return steps;
}

const questionSelect = { id: true, type: true, prompt: true, helpText: true, required: true, options: true, position: true } as const;

/** The shop as the storefront sees it, and which survey version is live there. */
export type StorefrontState = { name: string | null; timezone: string; abandonedSurveyMinutes: number; publishedSurveyId: string | null };

/**
 * One round trip for what every storefront survey request needs first: null when the shop is
 * unknown, uninstalled or has the program off. Direct SQL (db.server.ts): it runs on every
 * step, and the same text works on SQLite and PostgreSQL.
 */
export async function storefrontState(db: Db, shop: string): Promise<StorefrontState | null> {
  const rows = await directSql(db).query<{ name: string | null; timezone: string; abandonedSurveyMinutes: number | bigint; publishedSurveyId: string | null }>`
    SELECT s."name", s."timezone", s."abandonedSurveyMinutes",
      (SELECT v."id" FROM "Survey" v
        WHERE v."shop" = s."shop" AND v."status" = 'published'
        ORDER BY v."publishedAt" DESC, v."version" DESC LIMIT 1) AS "publishedSurveyId"
    FROM "Shop" s
    WHERE s."shop" = ${shop} AND s."programEnabled" = ${true} AND s."uninstalledAt" IS NULL`;
  const row = rows[0];
  return row ? { ...row, abandonedSurveyMinutes: Number(row.abandonedSurveyMinutes) } : null;
}

// A version that has been published is never edited again (builder.server.ts: edits fork a
// new draft), so its steps can be kept for the life of the process. Drafts are always read.
// Per database client, so tests' separate databases never share entries.
const FROZEN_CACHE_LIMIT = 2_000;
const frozenVersions = new WeakMap<Db, Map<string, RunnerSurvey>>();

function frozenCache(db: Db) {
  let cache = frozenVersions.get(db);
  if (!cache) frozenVersions.set(db, (cache = new Map()));
  return cache;
}

/** A response keeps the survey version it started on, even after a newer one is published. */
export async function surveyById(db: Db, shop: string, surveyId: string): Promise<RunnerSurvey | null> {
  const cache = frozenCache(db);
  const key = `${shop}\u0000${surveyId}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const survey = await db.survey.findFirst({
    where: { shop, id: surveyId },
    include: { questions: { select: questionSelect, orderBy: { position: "asc" } } },
  });
  if (!survey) return null;
  const runner: RunnerSurvey = { id: survey.id, title: survey.title, intro: survey.intro, steps: buildSteps(survey.questions) };
  if (survey.status !== "draft") {
    if (cache.size >= FROZEN_CACHE_LIMIT) cache.delete(cache.keys().next().value!); // oldest first
    cache.set(key, runner);
  }
  return runner;
}

export type Answers = Record<string, unknown>;

export function parseAnswers(raw: string): Answers {
  try {
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Answers) : {};
  } catch {
    return {};
  }
}

/** The stored answer as the shopper reads it. */
export function answerText(answer: unknown, step?: QuestionStep): string {
  if (Array.isArray(answer)) return answer.map(String).join(", ");
  if (typeof answer === "boolean") {
    const label = step?.options.find((o) => o.value === String(answer))?.label;
    return label ?? (answer ? "Yes" : "No");
  }
  return answer === null || answer === undefined ? "" : String(answer);
}

/** question prompt → answer, for the questions answered so far (the conversation's brief). */
export function briefFrom(steps: Step[], answers: Answers): Record<string, unknown> {
  const brief: Record<string, unknown> = {};
  for (const step of steps) {
    if (step.kind !== "question" || answers[step.id] === undefined) continue;
    brief[step.prompt] = answers[step.id];
  }
  return brief;
}

/** Labels of the choice answers, for the intro SMS's line about the answers. */
export function choiceLabels(steps: Step[], answers: Answers): string[] {
  const labels: string[] = [];
  for (const step of steps) {
    if (step.kind !== "question") continue;
    const answer = answers[step.id];
    if (step.type === "single_choice" && typeof answer === "string") labels.push(answer);
    if (step.type === "multi_choice" && Array.isArray(answer)) labels.push(...answer.map(String));
  }
  return labels;
}
