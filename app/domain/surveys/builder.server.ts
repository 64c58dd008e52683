// Survey builder (admin): drafts, versions and publishing.
//
// Versions of one survey share a `key`. A SurveyResponse points at the version row it was
// answered on, so a version that has been live is never edited: saving it creates the next
// draft version instead. Drafts are edited in place. Publishing archives the version that was
// live for the same key. The phone-and-consent step is always the last question; it is not
// part of the editable list, so it can't be removed or moved.
import { z } from "zod";
import type { Db } from "~/db.server";
import { validate, type FieldErrors } from "~/lib/validation";

export const EDITABLE_QUESTION_TYPES = ["single_choice", "multi_choice", "true_false", "short_text"] as const;
export type EditableQuestionType = (typeof EDITABLE_QUESTION_TYPES)[number];
export const PHONE_CONSENT_TYPE = "phone_consent";
export const CHOICE_TYPES: readonly string[] = ["single_choice", "multi_choice"];

export const SURVEY_LIMITS = {
  title: 100,
  intro: 300,
  prompt: 200,
  helpText: 300,
  questions: 10, // the merchant's questions; the phone step comes on top
  optionLabel: 80,
  minOptions: 2,
  maxOptions: 8,
} as const;

export const DEFAULT_PHONE_PROMPT = "Where should your expert text you?";

// Same shape as the seed's true/false questions, so the runner renders every choice alike.
const TRUE_FALSE_OPTIONS = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

const text = (max: number, label: string) =>
  z.string({ error: `${label} must be text` }).trim().max(max, `${label} must be at most ${max} characters`);

const questionSchema = z
  .object({
    type: z.enum(EDITABLE_QUESTION_TYPES, { error: "Choose a question type" }),
    prompt: text(SURVEY_LIMITS.prompt, "Question").min(1, "Write the question"),
    helpText: text(SURVEY_LIMITS.helpText, "Help text").default(""),
    required: z.boolean({ error: "Choose required or optional" }).default(true),
    options: z.array(text(SURVEY_LIMITS.optionLabel, "Option")).default([]),
  })
  .superRefine((q, ctx) => {
    if (!CHOICE_TYPES.includes(q.type)) return;
    if (q.options.length < SURVEY_LIMITS.minOptions)
      ctx.addIssue({ code: "custom", path: ["options"], message: `Give at least ${SURVEY_LIMITS.minOptions} options` });
    if (q.options.length > SURVEY_LIMITS.maxOptions)
      ctx.addIssue({ code: "custom", path: ["options"], message: `Give at most ${SURVEY_LIMITS.maxOptions} options` });
    const seen = new Set<string>();
    q.options.forEach((label, i) => {
      if (label === "") ctx.addIssue({ code: "custom", path: ["options", i], message: "Options can't be empty" });
      else if (seen.has(label.toLowerCase())) ctx.addIssue({ code: "custom", path: ["options", i], message: "Each option must be different" });
      seen.add(label.toLowerCase());
    });
  });

export const surveyDocumentSchema = z.object({
  title: text(SURVEY_LIMITS.title, "Title").min(1, "Give the survey a title"),
  intro: text(SURVEY_LIMITS.intro, "Intro").default(""),
  phonePrompt: text(SURVEY_LIMITS.prompt, "Phone step heading").min(1, "Write the phone step heading").default(DEFAULT_PHONE_PROMPT),
  questions: z
    .array(questionSchema, { error: "Add at least one question" })
    .min(1, "Add at least one question")
    .max(SURVEY_LIMITS.questions, `A survey can have at most ${SURVEY_LIMITS.questions} questions, plus the phone step`),
});

export type SurveyDocument = z.input<typeof surveyDocumentSchema>;
type ValidDocument = z.output<typeof surveyDocumentSchema>;

export type SurveyFailure = { ok: false; reason: "invalid" | "not_found" | "conflict"; errors: FieldErrors };
const fail = (reason: SurveyFailure["reason"], errors: FieldErrors): SurveyFailure => ({ ok: false, reason, errors });
const NOT_FOUND = () => fail("not_found", { form: "This survey no longer exists" });

/** The form posts the whole survey as one JSON field; anything unparseable is a form error. */
export function parseSurveyDocument(input: unknown) {
  let raw = input;
  if (typeof input === "string") {
    try {
      raw = JSON.parse(input);
    } catch {
      return { ok: false as const, errors: { form: "The survey could not be read. Reload the page and try again." } };
    }
  }
  return validate(surveyDocumentSchema, raw);
}

/** Option values are what responses store, so they are stable slugs of the labels. */
export function optionValues(labels: string[]) {
  const used = new Set<string>();
  return labels.map((label, i) => {
    const base = label.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "").slice(0, 40) || `option_${i + 1}`;
    let value = base;
    for (let n = 2; used.has(value); n++) value = `${base}_${n}`;
    used.add(value);
    return { value, label };
  });
}

function questionRows(shop: string, surveyId: string, doc: ValidDocument) {
  const rows = doc.questions.map((q, position) => ({
    shop,
    surveyId,
    position,
    type: q.type as string,
    prompt: q.prompt,
    helpText: q.helpText || null,
    required: q.required,
    options: JSON.stringify(CHOICE_TYPES.includes(q.type) ? optionValues(q.options) : q.type === "true_false" ? TRUE_FALSE_OPTIONS : []),
  }));
  // The consent wording is not copied here: it is versioned on its own, and the runner must
  // show (and record) the shop's current version.
  rows.push({ shop, surveyId, position: rows.length, type: PHONE_CONSENT_TYPE, prompt: doc.phonePrompt, helpText: null, required: true, options: "[]" });
  return rows;
}

function slug(title: string) {
  return title.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "survey";
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === "P2002";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

async function createVersion(tx: Tx, shop: string, key: string, version: number, doc: ValidDocument) {
  const survey = await tx.survey.create({
    data: { shop, key, version, title: doc.title, intro: doc.intro || null, status: "draft" },
  });
  await tx.question.createMany({ data: questionRows(shop, survey.id, doc) });
  return survey;
}

/**
 * Saves the survey document. `id` null creates a new survey (draft v1). A draft is replaced in
 * place; a published or archived version is left untouched and the edits become the next draft
 * version of the same key (`forked: true`).
 */
export async function saveSurvey(db: Db, shop: string, id: string | null, input: unknown) {
  const parsed = parseSurveyDocument(input);
  if (!parsed.ok) return fail("invalid", parsed.errors);
  const doc = parsed.data;
  try {
    return await db.$transaction(async (tx) => {
      if (!id) {
        const base = slug(doc.title);
        const taken = new Set((await tx.survey.findMany({ where: { shop, key: { startsWith: base } }, select: { key: true }, distinct: ["key"] })).map((s) => s.key));
        let key = base;
        for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
        const survey = await createVersion(tx, shop, key, 1, doc);
        return { ok: true as const, survey, forked: false };
      }
      const current = await tx.survey.findFirst({ where: { shop, id } });
      if (!current) return NOT_FOUND();
      if (current.status === "draft") {
        await tx.survey.update({ where: { id: current.id }, data: { title: doc.title, intro: doc.intro || null } });
        // Drafts have never been live, so no response refers to their questions.
        await tx.question.deleteMany({ where: { shop, surveyId: current.id } });
        await tx.question.createMany({ data: questionRows(shop, current.id, doc) });
        return { ok: true as const, survey: (await tx.survey.findUniqueOrThrow({ where: { id: current.id } })), forked: false };
      }
      // One draft per key at a time, so two people can't fork diverging versions.
      const draft = await tx.survey.findFirst({ where: { shop, key: current.key, status: "draft" } });
      if (draft) return fail("conflict", { form: `Version ${draft.version} is already a draft of this survey. Edit that draft instead.` });
      const latest = await tx.survey.aggregate({ where: { shop, key: current.key }, _max: { version: true } });
      const survey = await createVersion(tx, shop, current.key, (latest._max.version ?? current.version) + 1, doc);
      return { ok: true as const, survey, forked: true };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return fail("conflict", { form: "Someone else saved this survey at the same time. Reload the page and try again." });
    throw error;
  }
}

/** Makes this version the live one for its key; the previously published version is archived. */
export async function publishSurvey(db: Db, shop: string, id: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const survey = await tx.survey.findFirst({
      where: { shop, id },
      include: { _count: { select: { questions: { where: { type: { not: PHONE_CONSENT_TYPE } } } } } },
    });
    if (!survey) return NOT_FOUND();
    if (survey.status === "published") return { ok: true as const, survey, archivedVersions: [] as number[] };
    if (survey._count.questions === 0) return fail("invalid", { form: "Add at least one question before publishing" });
    const previous = await tx.survey.findMany({ where: { shop, key: survey.key, status: "published" }, select: { id: true, version: true } });
    await tx.survey.updateMany({ where: { shop, id: { in: previous.map((p) => p.id) } }, data: { status: "archived" } });
    const published = await tx.survey.update({ where: { id: survey.id }, data: { status: "published", publishedAt: now } });
    return { ok: true as const, survey: published, archivedVersions: previous.map((p) => p.version) };
  });
}

/** Deletes a draft that no shopper has answered. Live and archived versions stay for their responses. */
export async function discardDraft(db: Db, shop: string, id: string) {
  const { count } = await db.survey.deleteMany({ where: { shop, id, status: "draft", responses: { none: {} } } });
  return count === 1;
}

export type SurveyOption = { value: string; label: string };

function parseOptions(json: string): SurveyOption[] {
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) ? parsed.filter((o): o is SurveyOption => typeof o?.label === "string") : [];
  } catch {
    return [];
  }
}

/** One version with its questions split into the editable list and the fixed phone step. */
export async function getSurveyForEdit(db: Db, shop: string, id: string) {
  const survey = await db.survey.findFirst({
    where: { shop, id },
    include: { questions: { orderBy: { position: "asc" } }, _count: { select: { responses: true } } },
  });
  if (!survey) return null;
  const versions = await db.survey.findMany({
    where: { shop, key: survey.key },
    orderBy: { version: "desc" },
    select: { id: true, version: true, status: true, publishedAt: true },
  });
  const phone = survey.questions.find((q) => q.type === PHONE_CONSENT_TYPE);
  return {
    id: survey.id,
    key: survey.key,
    version: survey.version,
    status: survey.status,
    publishedAt: survey.publishedAt,
    responseCount: survey._count.responses,
    versions,
    otherDraft: versions.find((v) => v.status === "draft" && v.id !== survey.id) ?? null,
    document: {
      title: survey.title,
      intro: survey.intro ?? "",
      // Surveys made before the builder may lack the step; saving adds it.
      phonePrompt: phone?.prompt ?? DEFAULT_PHONE_PROMPT,
      questions: survey.questions
        .filter((q) => q.type !== PHONE_CONSENT_TYPE)
        .map((q) => ({
          id: q.id,
          type: (EDITABLE_QUESTION_TYPES as readonly string[]).includes(q.type) ? (q.type as EditableQuestionType) : "short_text",
          prompt: q.prompt,
          helpText: q.helpText ?? "",
          required: q.required,
          options: CHOICE_TYPES.includes(q.type) ? parseOptions(q.options).map((o) => o.label) : [],
        })),
    },
  };
}

/** Every version with its response count and completion rate; archived ones only on request. */
export async function listSurveys(db: Db, shop: string, opts: { includeArchived?: boolean } = {}) {
  const surveys = await db.survey.findMany({
    where: { shop, ...(opts.includeArchived ? {} : { status: { not: "archived" } }) },
    select: { id: true, key: true, version: true, title: true, status: true, publishedAt: true, updatedAt: true },
  });
  const ids = surveys.map((s) => s.id);
  const [all, completed] = await Promise.all([
    db.surveyResponse.groupBy({ by: ["surveyId"], where: { shop, surveyId: { in: ids } }, _count: { _all: true } }),
    db.surveyResponse.groupBy({ by: ["surveyId"], where: { shop, surveyId: { in: ids }, completedAt: { not: null } }, _count: { _all: true } }),
  ]);
  const responses = new Map(all.map((r) => [r.surveyId, r._count._all]));
  const completions = new Map(completed.map((r) => [r.surveyId, r._count._all]));
  // Versions of a survey stay together (newest first); surveys by their latest change.
  const lastChange = new Map<string, number>();
  for (const s of surveys) lastChange.set(s.key, Math.max(lastChange.get(s.key) ?? 0, s.updatedAt.getTime()));
  surveys.sort((a, b) => lastChange.get(b.key)! - lastChange.get(a.key)! || a.key.localeCompare(b.key) || b.version - a.version);
  return surveys.map((s) => {
    const count = responses.get(s.id) ?? 0;
    const done = completions.get(s.id) ?? 0;
    return { ...s, responses: count, completed: done, completionRate: count > 0 ? done / count : null };
  });
}
