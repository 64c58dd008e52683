// First contact and assignment, and the abandoned-survey rescue, through the domain with a
// fixed clock (a weekday afternoon in New York, so the intro goes out at once) and the
// outbox enqueueing to this worker's queue.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { QueueName } from "~/jobs/queues.server";
import { processSurveyRescue } from "~/jobs/processors/survey-rescue.server";
import { closeTestQueues, jobsFor } from "../../../test/helpers";
import { AFTERNOON, NIGHT, testOutboxDeps } from "../../../test/messaging";
import { chooseExpert } from "./assignment.server";
import { openConversation } from "./first-contact.server";
import { loadSurveyPage, submitSurveyStep, type RunnerDeps } from "./runner.server";
import { renderThanks } from "./render.server";
import { surveyShop, SHOPPER_IP } from "./test-support";

afterAll(closeTestQueues);

type Fixture = Awaited<ReturnType<typeof surveyShop>>;
const meta = { ip: SHOPPER_IP, userAgent: "test", page: "/apps/concierge/survey" };

function runnerDeps(now: () => Date = () => AFTERNOON) {
  const rescues: Array<{ shop: string; responseId: string; runAt: Date }> = [];
  const deps: RunnerDeps = {
    ...testOutboxDeps(now),
    tokenSecret: "test-secret",
    enqueueRescue: async (shop, responseId, runAt) => void rescues.push({ shop, responseId, runAt }),
    inboxLink: (shop, id) => `https://${shop}/admin/apps/x/app/inbox/${id}`,
  };
  return { deps, rescues };
}

let phoneCounter = 0;
const nextPhone = () => `+1212555${String(1000 + ++phoneCounter).padStart(4, "0")}`;

/** A response with every answer, a shopper with consent: ready for first contact. */
async function readyResponse(f: Fixture, phone = nextPhone()) {
  const shopper = await db.shopper.upsert({ where: { shop_phone: { shop: f.domain, phone } }, create: { shop: f.domain, phone }, update: {} });
  const consent = await db.consentRecord.create({ data: { shop: f.domain, shopperId: shopper.id, wordingVersion: f.wording.version, wordingHash: f.wording.hash } });
  const q = f.questions;
  const response = await db.surveyResponse.create({
    data: {
      shop: f.domain,
      surveyId: f.survey.id,
      shopperId: shopper.id,
      currentStep: 5,
      answers: JSON.stringify({ [q.help.id]: "Skin care", [q.concerns.id]: ["Dryness"], [q.sensitive.id]: true, [q.phone.id]: { consentRecordId: consent.id, at: AFTERNOON.toISOString() } }),
    },
  });
  return { shopper, response };
}

async function openConversations(db_: typeof db, shop: string, expertId: string, count: number, status = "awaiting_expert") {
  for (let i = 0; i < count; i++) {
    const s = await db_.shopper.create({ data: { shop, phone: nextPhone() } });
    await db_.conversation.create({ data: { shop, shopperId: s.id, expertId, status } });
  }
}

describe("assignment", () => {
  it("gives a returning shopper their own expert, even when busier or away", async () => {
    const f = await surveyShop({ experts: [{ name: "Ava" }, { name: "Ben" }] });
    const [ava, ben] = f.experts;
    await openConversations(db, f.domain, ava!.id, 3);
    await db.expert.update({ where: { id: ava!.id }, data: { availability: "away" } });
    const { shopper, response } = await readyResponse(f);
    await db.shopper.update({ where: { id: shopper.id }, data: { expertId: ava!.id } });
    expect(await chooseExpert(db, f.domain, { expertId: ava!.id })).toMatchObject({ reason: "returning", expert: { id: ava!.id } });
    const { deps } = runnerDeps();
    const result = await openConversation(deps, f.domain, response.id, "complete");
    expect(result.expert?.id).toBe(ava!.id);
    expect(ben).toBeDefined();
  });

  it("passes over a returning shopper's deactivated expert", async () => {
    const f = await surveyShop({ experts: [{ name: "Ava", active: false }, { name: "Ben" }] });
    const [ava, ben] = f.experts;
    const { shopper, response } = await readyResponse(f);
    await db.shopper.update({ where: { id: shopper.id }, data: { expertId: ava!.id } });
    const result = await openConversation(runnerDeps().deps, f.domain, response.id, "complete");
    expect(result.expert?.id).toBe(ben!.id);
    expect((await db.shopper.findUniqueOrThrow({ where: { id: shopper.id } })).expertId).toBe(ben!.id);
  });

  it("picks the online expert with the fewest open conversations, under capacity", async () => {
    const f = await surveyShop({
      experts: [{ name: "Ava" }, { name: "Ben" }, { name: "Cleo", availability: "away" }, { name: "Dev", capacity: 1 }],
    });
    const [ava, ben, , dev] = f.experts;
    await openConversations(db, f.domain, ava!.id, 2);
    await openConversations(db, f.domain, ben!.id, 1);
    await openConversations(db, f.domain, ben!.id, 5, "closed"); // closed ones don't count
    await openConversations(db, f.domain, dev!.id, 1); // at capacity
    expect(await chooseExpert(db, f.domain, { expertId: null })).toMatchObject({ reason: "least_loaded", expert: { id: ben!.id } });
  });

  it("breaks ties round-robin: never assigned first, then least recently assigned", async () => {
    const f = await surveyShop({
      experts: [
        { name: "Ava", lastAssignedAt: new Date("2026-11-18T10:00:00Z") },
        { name: "Ben", lastAssignedAt: new Date("2026-11-18T09:00:00Z") },
        { name: "Cleo", lastAssignedAt: null },
      ],
    });
    const [ava, ben, cleo] = f.experts;
    const { deps } = runnerDeps();
    const picks: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { response } = await readyResponse(f);
      const result = await openConversation(deps, f.domain, response.id, "complete");
      picks.push(result.expert!.id);
      // Keep loads equal so only the tie-break decides.
      await db.conversation.update({ where: { id: result.conversationId }, data: { status: "closed" } });
    }
    expect(picks).toEqual([cleo!.id, ben!.id, ava!.id]);
  });

  it("queues the conversation when nobody is available and tells the shopper when to expect a reply", async () => {
    const f = await surveyShop({ experts: [{ name: "Ava", availability: "away" }, { name: "Ben", capacity: 1 }] });
    await openConversations(db, f.domain, f.experts[1]!.id, 1);
    const { response } = await readyResponse(f);
    const { deps } = runnerDeps();
    const result = await openConversation(deps, f.domain, response.id, "complete");
    expect(result.expert).toBeNull();
    const conversation = await db.conversation.findUniqueOrThrow({ where: { id: result.conversationId } });
    expect(conversation).toMatchObject({ expertId: null, status: "awaiting_expert", stage: "intro" });
    const intro = await db.message.findUniqueOrThrow({ where: { id: result.intro.messageId } });
    expect(intro).toMatchObject({ kind: "intro", status: "queued", author: "automation", expertId: null });
    expect(intro.body).toContain("the first one free will text you, usually within one business day");
    // Nobody to email but the store: the owner hears about the waiting shopper.
    const email = await db.emailMessage.findFirstOrThrow({ where: { shop: f.domain } });
    expect(email).toMatchObject({ to: "owner@lumen.test", status: "pending", businessKey: `new-conversation:${conversation.id}` });
    expect(email.subject).toContain("waiting for an expert");

    const token = (await import("./tokens.server")).responseToken("test-secret", f.domain, response.id);
    const view = await loadSurveyPage(deps, f.domain, { token, step: null, query: {} });
    expect(view.kind).toBe("thanks");
    const html = renderThanks(view as Extract<typeof view, { kind: "thanks" }>);
    expect(html).toContain("Our experts are all helping other shoppers right now");
    expect(html).toContain("usually within one business day");
  });

  it("sends the intro through the outbox: an intro Message, its job, and held at night", async () => {
    const f = await surveyShop();
    const { response } = await readyResponse(f, "+12125550177");
    const { deps } = runnerDeps(() => NIGHT);
    const result = await openConversation(deps, f.domain, response.id, "complete");
    expect(result.intro.outcome).toBe("held");
    const intro = await db.message.findUniqueOrThrow({ where: { id: result.intro.messageId } });
    expect(intro).toMatchObject({ kind: "intro", businessKey: `intro:${response.id}`, status: "held" });
    expect(intro.heldUntil).not.toBeNull();
    expect(await jobsFor(QueueName.outbox, (d) => d.messageId === intro.id)).toHaveLength(1);

    const token = (await import("./tokens.server")).responseToken("test-secret", f.domain, response.id);
    const view = await loadSurveyPage(deps, f.domain, { token, step: null, query: {} });
    expect(view).toMatchObject({ kind: "thanks", expert: { name: "Ava Brooks" }, timing: { kind: "held", time: "08:00", day: "tomorrow" } });
    expect(renderThanks(view as Extract<typeof view, { kind: "thanks" }>)).toContain("tomorrow after 08:00, your time");
  });

  it("hands the expert email to the email worker when wired, once per replay while pending", async () => {
    const f = await surveyShop();
    const { response } = await readyResponse(f);
    const handed: string[] = [];
    const deps = { ...runnerDeps().deps, enqueueEmail: async (_shop: string, emailId: string, key: string) => void handed.push(`${emailId}|${key}`) };
    const first = await openConversation(deps, f.domain, response.id, "complete");
    const email = await db.emailMessage.findFirstOrThrow({ where: { shop: f.domain } });
    expect(handed).toEqual([`${email.id}|new-conversation:${first.conversationId}`]);
    await openConversation(deps, f.domain, response.id, "complete");
    expect(handed).toHaveLength(2); // same job id: the queue dedupes
    await db.emailMessage.update({ where: { id: email.id }, data: { status: "sent" } });
    await openConversation(deps, f.domain, response.id, "complete");
    expect(handed).toHaveLength(2);
    expect(await db.emailMessage.count({ where: { shop: f.domain } })).toBe(1);
  });

  it("re-subscribes a shopper who opted out once they check the box again", async () => {
    const f = await surveyShop();
    const phone = "+12125550199";
    const shopper = await db.shopper.create({ data: { shop: f.domain, phone, optedOut: true, optedOutAt: new Date() } });
    await db.optOut.create({ data: { shop: f.domain, shopperId: shopper.id, keyword: "STOP", source: "inbound_keyword" } });
    const { deps } = runnerDeps();
    const q = f.questions;
    let result = await submitSurveyStep(deps, f.domain, { token: null, form: { question: q.help.id, answer: "skin_care" }, meta });
    const token = (result as { token: string }).token;
    for (const [question, answer] of [[q.concerns.id, "dryness"], [q.sensitive.id, "false"], [q.notes.id, ""]] as const) {
      result = await submitSurveyStep(deps, f.domain, { token, form: { question, answer }, meta });
    }
    result = await submitSurveyStep(deps, f.domain, { token, form: { question: q.phone.id, phone: "212-555-0199", consent: "yes", consent_version: String(f.wording.version) }, meta });
    expect(result).toMatchObject({ kind: "redirect", token });
    expect(await db.shopper.findUniqueOrThrow({ where: { id: shopper.id } })).toMatchObject({ optedOut: false });
    expect((await db.optOut.findFirstOrThrow({ where: { shopperId: shopper.id } })).revokedAt).not.toBeNull();
    expect(await db.message.findFirstOrThrow({ where: { shop: f.domain, kind: "intro" } })).toMatchObject({ status: "queued" });
  });
});

describe("abandoned-survey rescue", () => {
  async function phoneFirstStart(f: Fixture, deps: RunnerDeps) {
    const q = f.questions;
    let result = await submitSurveyStep(deps, f.domain, { token: null, form: { question: q.help.id, answer: "hair_care" }, meta });
    const token = (result as { token: string }).token;
    result = await submitSurveyStep(deps, f.domain, { token, form: { question: q.phone.id, phone: "(646) 555-0199", consent: "yes", consent_version: String(f.wording.version) }, meta });
    expect(result).toMatchObject({ kind: "redirect", step: 3 });
    return { token, responseId: token.split(".")[0]! };
  }

  it("opens the conversation with a partial brief once abandonedSurveyMinutes have passed", async () => {
    const f = await surveyShop({ phonePosition: 1, abandonedSurveyMinutes: 30 });
    let clock = AFTERNOON;
    const { deps, rescues } = runnerDeps(() => clock);
    const { token, responseId } = await phoneFirstStart(f, deps);

    // The consent is recorded when given, and the rescue is scheduled for 30 minutes later.
    expect(await db.consentRecord.count({ where: { shop: f.domain } })).toBe(1);
    expect(rescues).toEqual([{ shop: f.domain, responseId, runAt: new Date(AFTERNOON.getTime() + 30 * 60_000) }]);

    clock = new Date(AFTERNOON.getTime() + 10 * 60_000);
    expect(await processSurveyRescue(deps, { shop: f.domain, responseId })).toMatchObject({ result: "not_due" });
    expect(await db.conversation.count({ where: { shop: f.domain } })).toBe(0);

    clock = new Date(AFTERNOON.getTime() + 31 * 60_000);
    const rescued = await processSurveyRescue(deps, { shop: f.domain, responseId });
    expect(rescued.result).toBe("opened");
    const conversation = await db.conversation.findUniqueOrThrow({ where: { surveyResponseId: responseId }, include: { notes: true } });
    expect(JSON.parse(conversation.brief)).toEqual({ "What can we help with today?": "Hair care" });
    expect(conversation.expertId).toBe(f.experts[0]!.id);
    expect(conversation.notes[0]!.body).toContain("stopped after answering 1 of 4 questions");
    const response = await db.surveyResponse.findUniqueOrThrow({ where: { id: responseId } });
    expect(response.rescuedAt).toEqual(clock);
    expect(response.completedAt).toBeNull();
    const intro = await db.message.findFirstOrThrow({ where: { shop: f.domain, kind: "intro" } });
    expect(intro.body).toContain("I saw you started our quiz about Hair care");
    expect(await db.emailMessage.findFirstOrThrow({ where: { shop: f.domain } })).toMatchObject({ to: "ava@lumen.test" });
    expect((await db.emailMessage.findFirstOrThrow({ where: { shop: f.domain } })).text).toContain("didn't finish it");

    // The job running again changes nothing.
    expect(await processSurveyRescue(deps, { shop: f.domain, responseId })).toEqual({ result: "skipped", reason: "already_open" });

    // The shopper comes back and finishes: same conversation, full brief, no second intro.
    const q = f.questions;
    for (const [question, answer] of [[q.concerns.id, "frizz"], [q.sensitive.id, "true"], [q.notes.id, "Curly hair"]] as const) {
      await submitSurveyStep(deps, f.domain, { token, form: { question, answer }, meta });
    }
    const after = await db.conversation.findUniqueOrThrow({ where: { surveyResponseId: responseId } });
    expect(after.id).toBe(conversation.id);
    expect(JSON.parse(after.brief)).toMatchObject({ "Which of these are you working on?": ["Frizz"], "Anything else your expert should know?": "Curly hair" });
    expect((await db.surveyResponse.findUniqueOrThrow({ where: { id: responseId } })).completedAt).not.toBeNull();
    expect(await db.message.count({ where: { shop: f.domain, kind: "intro" } })).toBe(1);
    expect(await db.conversation.count({ where: { shop: f.domain } })).toBe(1);
    expect(await db.emailMessage.count({ where: { shop: f.domain } })).toBe(1);
  });

  it("does nothing when the survey was finished in time, or never got a phone", async () => {
    const f = await surveyShop({ phonePosition: 1 });
    const { deps } = runnerDeps();
    const { token, responseId } = await phoneFirstStart(f, deps);
    const q = f.questions;
    for (const [question, answer] of [[q.concerns.id, "dryness"], [q.sensitive.id, "false"], [q.notes.id, ""]] as const) {
      await submitSurveyStep(deps, f.domain, { token, form: { question, answer }, meta });
    }
    expect(await db.conversation.count({ where: { shop: f.domain } })).toBe(1);
    const later = { ...deps, now: () => new Date(AFTERNOON.getTime() + 3600_000) };
    expect(await processSurveyRescue(later, { shop: f.domain, responseId })).toEqual({ result: "skipped", reason: "completed" });
    expect(await db.conversation.count({ where: { shop: f.domain } })).toBe(1);
    expect(await db.message.count({ where: { shop: f.domain, kind: "intro" } })).toBe(1);

    const noPhone = await submitSurveyStep(deps, f.domain, { token: null, form: { question: q.help.id, answer: "a_gift" }, meta });
    const otherId = (noPhone as { token: string }).token.split(".")[0]!;
    expect(await processSurveyRescue(later, { shop: f.domain, responseId: otherId })).toEqual({ result: "skipped", reason: "no_phone" });
    expect(await processSurveyRescue(later, { shop: "other.myshopify.com", responseId })).toEqual({ result: "skipped", reason: "gone" });
  });
});
