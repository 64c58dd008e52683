import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { adminRequest, callRoute, installShop, uniqueShop } from "../../../test/helpers";
import * as surveyRoute from "~/routes/app.surveys.$id";
import * as surveysRoute from "~/routes/app.surveys._index";
import { discardDraft, getSurveyForEdit, listSurveys, optionValues, publishSurvey, saveSurvey, type SurveyDocument } from "./builder.server";

const fitFinder = (): SurveyDocument => ({
  title: "Find your routine",
  intro: "Three quick questions.",
  phonePrompt: "Where should your expert text you?",
  questions: [
    { type: "single_choice", prompt: "What can we help with?", helpText: "Pick the closest.", required: true, options: ["Skin care", "Hair care", "A gift"] },
    { type: "true_false", prompt: "Is your skin sensitive?", helpText: "", required: true, options: [] },
    { type: "short_text", prompt: "Anything else?", helpText: "", required: false, options: [] },
  ],
});

async function created(shop: string, doc: SurveyDocument = fitFinder()) {
  const result = await saveSurvey(db, shop, null, doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.survey;
}

const questionsOf = (surveyId: string) => db.question.findMany({ where: { surveyId }, orderBy: { position: "asc" } });

describe("survey builder", () => {
  it("creates a draft v1 whose last step is the phone-and-consent step", async () => {
    const { domain } = uniqueShop();
    const survey = await created(domain);
    expect(survey).toMatchObject({ shop: domain, key: "find-your-routine", version: 1, status: "draft" });
    const questions = await questionsOf(survey.id);
    expect(questions.map((q) => [q.position, q.type])).toEqual([
      [0, "single_choice"],
      [1, "true_false"],
      [2, "short_text"],
      [3, "phone_consent"],
    ]);
    expect(JSON.parse(questions[0]!.options)).toEqual([
      { value: "skin_care", label: "Skin care" },
      { value: "hair_care", label: "Hair care" },
      { value: "a_gift", label: "A gift" },
    ]);
    expect(JSON.parse(questions[1]!.options)).toEqual([{ value: "yes", label: "Yes" }, { value: "no", label: "No" }]);
    expect(questions[2]!.required).toBe(false);
    expect(questions[3]).toMatchObject({ prompt: "Where should your expert text you?", required: true });
    // A second survey with the same title gets its own key.
    expect((await created(domain)).key).toBe("find-your-routine-2");
  });

  it("edits a draft in place", async () => {
    const { domain } = uniqueShop();
    const draft = await created(domain);
    const doc = fitFinder();
    doc.title = "Routine finder";
    doc.questions = doc.questions.slice(0, 1);
    const saved = await saveSurvey(db, domain, draft.id, doc);
    expect(saved.ok && saved).toMatchObject({ forked: false, survey: { id: draft.id, version: 1, title: "Routine finder", status: "draft" } });
    expect((await questionsOf(draft.id)).map((q) => q.type)).toEqual(["single_choice", "phone_consent"]);
    expect(await db.survey.count({ where: { shop: domain } })).toBe(1);
  });

  it("versions: editing the live survey makes a v2 draft; publishing v2 archives v1; v1's responses stay with v1", async () => {
    const { domain } = uniqueShop();
    const v1 = await created(domain);
    expect((await publishSurvey(db, domain, v1.id)).ok).toBe(true);
    const v1Questions = await questionsOf(v1.id);
    const response = await db.surveyResponse.create({
      data: { shop: domain, surveyId: v1.id, answers: JSON.stringify({ [v1Questions[0]!.id]: "skin_care" }), completedAt: new Date() },
    });

    const edited = fitFinder();
    edited.questions = [edited.questions[2]!, { ...edited.questions[0]!, prompt: "What brings you here?" }];
    const saved = await saveSurvey(db, domain, v1.id, edited);
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    expect(saved.forked).toBe(true);
    const v2 = saved.survey;
    expect(v2).toMatchObject({ key: v1.key, version: 2, status: "draft" });
    expect(v2.id).not.toBe(v1.id);
    expect((await questionsOf(v2.id)).map((q) => q.prompt)).toEqual(["Anything else?", "What brings you here?", "Where should your expert text you?"]);
    // The live version is untouched by the edit.
    expect(await db.survey.findUnique({ where: { id: v1.id } })).toMatchObject({ status: "published", version: 1 });
    expect(await questionsOf(v1.id)).toEqual(v1Questions);

    // While v2 is a draft, another edit of v1 may not fork a second draft.
    const again = await saveSurvey(db, domain, v1.id, fitFinder());
    expect(again).toMatchObject({ ok: false, reason: "conflict" });

    const published = await publishSurvey(db, domain, v2.id);
    expect(published.ok && published.archivedVersions).toEqual([1]);
    const versions = await db.survey.findMany({ where: { shop: domain, key: v1.key }, orderBy: { version: "asc" } });
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [1, "archived"],
      [2, "published"],
    ]);

    const kept = await db.surveyResponse.findUniqueOrThrow({ where: { id: response.id }, include: { survey: { include: { questions: { orderBy: { position: "asc" } } } } } });
    expect(kept.surveyId).toBe(v1.id);
    expect(kept.survey.version).toBe(1);
    const answered = Object.keys(JSON.parse(kept.answers) as object)[0];
    expect(kept.survey.questions.find((q) => q.id === answered)?.prompt).toBe("What can we help with?");

    // Editing the archived v1 again starts v3 from its questions; publishing v3 archives v2.
    const v3 = await saveSurvey(db, domain, v1.id, fitFinder());
    expect(v3.ok && v3.survey.version).toBe(3);
    await publishSurvey(db, domain, v3.ok ? v3.survey.id : "");
    expect(await db.survey.count({ where: { shop: domain, key: v1.key, status: "published" } })).toBe(1);
    expect((await db.survey.findFirstOrThrow({ where: { shop: domain, key: v1.key, status: "published" } })).version).toBe(3);
  });

  it("keeps the question order it is given, with the phone step last", async () => {
    const { domain } = uniqueShop();
    const draft = await created(domain);
    const doc = fitFinder();
    doc.questions = [doc.questions[1]!, doc.questions[2]!, doc.questions[0]!];
    await saveSurvey(db, domain, draft.id, doc);
    expect((await questionsOf(draft.id)).map((q) => [q.position, q.prompt])).toEqual([
      [0, "Is your skin sensitive?"],
      [1, "Anything else?"],
      [2, "What can we help with?"],
      [3, "Where should your expert text you?"],
    ]);
    const edit = await getSurveyForEdit(db, domain, draft.id);
    expect(edit!.document.questions.map((q) => q.prompt)).toEqual(["Is your skin sensitive?", "Anything else?", "What can we help with?"]);
    expect(edit!.document.phonePrompt).toBe("Where should your expert text you?");
  });

  it("never lets the phone-and-consent step be removed, added twice or emptied", async () => {
    const { domain } = uniqueShop();
    const draft = await created(domain);
    // A document without the step still yields exactly one, at the end.
    const { phonePrompt: _omitted, ...withoutPhone } = fitFinder();
    await saveSurvey(db, domain, draft.id, withoutPhone);
    expect((await questionsOf(draft.id)).filter((q) => q.type === "phone_consent").map((q) => q.position)).toEqual([3]);

    const smuggled = fitFinder();
    smuggled.questions.push({ type: "phone_consent" as never, prompt: "Phone?", helpText: "", required: false, options: [] });
    expect(await saveSurvey(db, domain, draft.id, smuggled)).toMatchObject({ ok: false, reason: "invalid", errors: { "questions.3.type": "Choose a question type" } });
    expect(await saveSurvey(db, domain, draft.id, { ...fitFinder(), phonePrompt: " " })).toMatchObject({ ok: false, errors: { phonePrompt: "Write the phone step heading" } });
    expect((await questionsOf(draft.id)).filter((q) => q.type === "phone_consent")).toHaveLength(1);
  });

  const withQuestion = (patch: object) => {
    const doc = fitFinder();
    doc.questions[0] = { ...doc.questions[0]!, ...patch };
    return doc;
  };
  it.each([
    ["title", { ...fitFinder(), title: "" }, "title", "Give the survey a title"],
    ["prompt > 200", withQuestion({ prompt: "x".repeat(201) }), "questions.0.prompt", "Question must be at most 200 characters"],
    ["empty prompt", withQuestion({ prompt: "  " }), "questions.0.prompt", "Write the question"],
    ["help > 300", withQuestion({ helpText: "x".repeat(301) }), "questions.0.helpText", "Help text must be at most 300 characters"],
    ["option > 80", withQuestion({ options: ["a", "x".repeat(81)] }), "questions.0.options.1", "Option must be at most 80 characters"],
    ["one option", withQuestion({ options: ["Only"] }), "questions.0.options", "Give at least 2 options"],
    ["nine options", withQuestion({ options: Array.from({ length: 9 }, (_, i) => `o${i}`) }), "questions.0.options", "Give at most 8 options"],
    ["duplicate options", withQuestion({ options: ["Dry", "dry "] }), "questions.0.options.1", "Each option must be different"],
    ["empty option", withQuestion({ options: ["Dry", ""] }), "questions.0.options.1", "Options can't be empty"],
    ["no questions", { ...fitFinder(), questions: [] }, "questions", "Add at least one question"],
    ["11 questions", { ...fitFinder(), questions: Array.from({ length: 11 }, () => fitFinder().questions[2]!) }, "questions", "at most 10 questions"],
    ["bad type", withQuestion({ type: "essay" }), "questions.0.type", "Choose a question type"],
  ])("rejects %s with a field error and saves nothing", async (_name, doc, field, message) => {
    const { domain } = uniqueShop();
    const result = await saveSurvey(db, domain, null, doc);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field]).toContain(message);
    expect(await db.survey.count({ where: { shop: domain } })).toBe(0);
    expect(await db.question.count({ where: { shop: domain } })).toBe(0);
  });

  it("leaves a draft as it was when an edit is invalid", async () => {
    const { domain } = uniqueShop();
    const draft = await created(domain);
    const before = await questionsOf(draft.id);
    const bad = withQuestion({ options: ["One"] });
    bad.title = "Changed";
    expect((await saveSurvey(db, domain, draft.id, bad)).ok).toBe(false);
    expect(await questionsOf(draft.id)).toEqual(before);
    expect((await db.survey.findUniqueOrThrow({ where: { id: draft.id } })).title).toBe("Find your routine");
  });

  it("makes distinct option values even when labels slug alike", () => {
    expect(optionValues(["A+", "A-", "!!"]).map((o) => o.value)).toEqual(["a", "a_2", "option_3"]);
  });

  it("lists versions with response counts and completion rate, archived ones on request", async () => {
    const { domain } = uniqueShop();
    const v1 = await created(domain);
    await publishSurvey(db, domain, v1.id);
    await db.surveyResponse.createMany({
      data: [
        { shop: domain, surveyId: v1.id, completedAt: new Date() },
        { shop: domain, surveyId: v1.id, completedAt: new Date() },
        { shop: domain, surveyId: v1.id },
        { shop: domain, surveyId: v1.id },
      ],
    });
    const fork = await saveSurvey(db, domain, v1.id, fitFinder());
    await publishSurvey(db, domain, fork.ok ? fork.survey.id : "");
    await db.surveyResponse.create({ data: { shop: domain, surveyId: fork.ok ? fork.survey.id : "", completedAt: new Date() } });

    expect((await listSurveys(db, domain)).map((s) => [s.version, s.status, s.responses, s.completionRate])).toEqual([[2, "published", 1, 1]]);
    expect((await listSurveys(db, domain, { includeArchived: true })).map((s) => [s.version, s.status, s.responses, s.completionRate])).toEqual([
      [2, "published", 1, 1],
      [1, "archived", 4, 0.5],
    ]);
  });

  it("discards only drafts nobody answered", async () => {
    const { domain } = uniqueShop();
    const draft = await created(domain);
    const live = await created(domain);
    await publishSurvey(db, domain, live.id);
    expect(await discardDraft(db, domain, live.id)).toBe(false);
    expect(await discardDraft(db, uniqueShop().domain, draft.id)).toBe(false);
    expect(await discardDraft(db, domain, draft.id)).toBe(true);
    expect(await db.question.count({ where: { surveyId: draft.id } })).toBe(0);
  });

  it("never reads or changes another shop's survey", async () => {
    const a = uniqueShop();
    const b = uniqueShop();
    const survey = await created(a.domain);
    expect(await getSurveyForEdit(db, b.domain, survey.id)).toBeNull();
    expect(await saveSurvey(db, b.domain, survey.id, fitFinder())).toMatchObject({ ok: false, reason: "not_found" });
    expect(await publishSurvey(db, b.domain, survey.id)).toMatchObject({ ok: false, reason: "not_found" });
    expect(await listSurveys(db, b.domain)).toEqual([]);
    expect((await db.survey.findUniqueOrThrow({ where: { id: survey.id } })).status).toBe("draft");
  });
});

describe("survey routes", () => {
  const post = async (shopName: string, id: string, form: Record<string, string>) =>
    callRoute(
      surveyRoute.action,
      await adminRequest(`/app/surveys/${id}`, shopName, {
        method: "POST",
        body: new URLSearchParams(form),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
      { id },
    );

  it("creates, answers 422 with field errors, forks a live survey and publishes through the route", async () => {
    const shop = uniqueShop();
    await installShop(shop.domain);

    const bad = { ...fitFinder(), questions: [{ ...fitFinder().questions[0]!, prompt: "x".repeat(201) }] };
    const rejected = await post(shop.name, "new", { intent: "save", survey: JSON.stringify(bad) });
    expect(rejected.status).toBe(422);
    expect((await rejected.json()).errors["questions.0.prompt"]).toBe("Question must be at most 200 characters");
    expect(await db.survey.count({ where: { shop: shop.domain } })).toBe(0);

    const unreadable = await post(shop.name, "new", { intent: "save", survey: "{not json" });
    expect(unreadable.status).toBe(422);

    const createdRes = await post(shop.name, "new", { intent: "save", survey: JSON.stringify(fitFinder()) });
    expect(createdRes.status).toBe(302);
    const v1 = await db.survey.findFirstOrThrow({ where: { shop: shop.domain } });
    expect(new URL(createdRes.headers.get("Location")!).pathname).toBe(`/app/surveys/${v1.id}`);

    const published = await post(shop.name, v1.id, { intent: "publish" });
    expect(published.status).toBe(200);
    expect((await db.survey.findUniqueOrThrow({ where: { id: v1.id } })).status).toBe("published");

    const forked = await post(shop.name, v1.id, { intent: "save", survey: JSON.stringify({ ...fitFinder(), title: "v2" }) });
    expect(forked.status).toBe(302);
    const v2 = await db.survey.findFirstOrThrow({ where: { shop: shop.domain, version: 2 } });
    expect(new URL(forked.headers.get("Location")!).pathname).toBe(`/app/surveys/${v2.id}`);
    expect(v2).toMatchObject({ key: v1.key, status: "draft", title: "v2" });

    const page = await callRoute(surveyRoute.loader, await adminRequest(`/app/surveys/${v2.id}`, shop.name), { id: v2.id });
    const data = await page.json();
    expect(data.survey.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, "draft"],
      [1, "published"],
    ]);
    expect(data.document.questions).toHaveLength(3);
    expect(data.consent.text).toContain("not a condition of purchase");

    const list = await callRoute(surveysRoute.loader, await adminRequest("/app/surveys", shop.name));
    expect((await list.json()).surveys.map((s: { version: number }) => s.version)).toEqual([2, 1]);
  });

  it("answers 404 for another shop's survey", async () => {
    const owner = uniqueShop();
    const other = uniqueShop();
    await installShop(other.domain);
    const survey = await created(owner.domain);
    const page = await callRoute(surveyRoute.loader, await adminRequest(`/app/surveys/${survey.id}`, other.name), { id: survey.id });
    expect(page.status).toBe(404);
    expect((await post(other.name, survey.id, { intent: "save", survey: JSON.stringify(fitFinder()) })).status).toBe(404);
    expect((await post(other.name, survey.id, { intent: "publish" })).status).toBe(404);
    expect((await db.survey.findUniqueOrThrow({ where: { id: survey.id } })).status).toBe("draft");
  });
});
