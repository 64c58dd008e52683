// The storefront survey end to end through the app proxy route: the walk with progress,
// back and field errors; resume by token; the phone-and-consent step; first contact (shopper,
// consent record, conversation, intro through the outbox, expert email); replays, forged and
// stale signatures, oversized and unknown input, honeypot, rate limits, and escaping.
import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { Liquid } from "liquidjs";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { QueueName } from "~/jobs/queues.server";
import { limitKey, LIMITS } from "~/domain/surveys/rate-limit.server";
import { closeStorefrontLimiter } from "~/domain/surveys/storefront-limiter.server";
import { callRoute, closeTestQueues, jobsFor } from "../../test/helpers";
import { proxyGet, proxyPost, redirectTarget, SHOPPER_IP, SHOPPER_UA, surveyShop } from "~/domain/surveys/test-support";
import * as survey from "./proxy.survey";

const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
afterAll(async () => {
  await closeTestQueues();
  await closeStorefrontLimiter();
  redis.disconnect();
});

const get = async (path: string, shopName: string, opts: { stale?: boolean; forge?: boolean } = {}) => callRoute(survey.loader, await proxyGet(path, shopName, opts));
const post = async (path: string, shopName: string, form: Record<string, string | string[]>, opts: { stale?: boolean; forge?: boolean } = {}) =>
  callRoute(survey.action, await proxyPost(path, shopName, form, opts));
const at = (token: string, step?: number) => `/apps/concierge/survey/?r=${encodeURIComponent(token)}${step ? `&step=${step}` : ""}`;

type Fixture = Awaited<ReturnType<typeof surveyShop>>;

/** Answers the four questions; returns the token. */
async function answerQuestions(f: Fixture, notes = "I like fragrance-free.") {
  const q = f.questions;
  let res = await post("/apps/concierge/survey/", f.name, { question: q.help.id, answer: "skin_care", placement: "fab", source: "ig", utm_source: "Instagram", utm_campaign: "spring" });
  expect(res.status).toBe(303);
  const { token } = redirectTarget(res);
  res = await post(at(token!), f.name, { question: q.concerns.id, answer: ["dryness", "dullness"] });
  expect(redirectTarget(res).step).toBe("3");
  res = await post(at(token!), f.name, { question: q.sensitive.id, answer: "true" });
  expect(redirectTarget(res).step).toBe("4");
  res = await post(at(token!), f.name, { question: q.notes.id, answer: notes });
  expect(redirectTarget(res).step).toBe("5");
  return token!;
}

const phoneForm = (f: Fixture, phone = "(212) 555-0142", consent = true) => ({
  question: f.questions.phone.id,
  phone,
  consent_version: String(f.wording.version),
  ...(consent ? { consent: "yes" } : {}),
});

async function complete(f: Fixture, notes?: string) {
  const token = await answerQuestions(f, notes);
  // Shopify adds the storefront's logged-in customer to the signed query.
  const res = await post(`${at(token)}&logged_in_customer_id=7421`, f.name, phoneForm(f));
  expect(res.status).toBe(303);
  expect(redirectTarget(res)).toMatchObject({ token, step: null });
  const responseId = token.split(".")[0]!;
  return { token, responseId };
}

describe("survey runner walk", () => {
  it("walks 1 of 5 … 5 of 5 with back/next, field errors, and saves every step", async () => {
    const f = await surveyShop();
    const q = f.questions;

    let res = await get("/apps/concierge/survey?placement=fab&source=ig&utm_source=Instagram", f.name);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/liquid");
    let html = await res.text();
    expect(html).toContain(">1 of 5<");
    expect(html).toMatch(/role="progressbar"[^>]*aria-valuemin="1" aria-valuemax="5" aria-valuenow="1"/);
    expect(html).toContain('<form class="cx__form" method="post" action="/apps/concierge/survey/" novalidate>');
    expect(html).toContain('<input type="hidden" name="placement" value="fab">');
    expect(html).toContain("What can we help with today?");
    expect(html).not.toContain("cx__back\" href"); // no back on step 1
    expect(await db.surveyResponse.count({ where: { shop: f.domain } })).toBe(0); // nothing stored before the first answer
    expect(await db.placementStat.findFirst({ where: { shop: f.domain, placement: "fab", source: "ig" } })).toMatchObject({ opens: 1, starts: 0 });

    // Nothing chosen: 422, the error tied to the field, nothing stored.
    res = await post("/apps/concierge/survey/", f.name, { question: q.help.id, placement: "fab", source: "ig" });
    expect(res.status).toBe(422);
    html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('<p class="cx__error" id="cx-answer-error">Choose one of the options to continue.</p>');
    expect(html).toMatch(/<fieldset class="cx__field" aria-describedby="cx-answer-hint cx-answer-error"/);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('<input type="hidden" name="placement" value="fab">'); // tracking survives the error
    expect(await db.surveyResponse.count({ where: { shop: f.domain } })).toBe(0);

    // Step 1 saved: the response exists, with its placement, source and UTM; a "start" is counted.
    res = await post("/apps/concierge/survey/", f.name, { question: q.help.id, answer: "skin_care", placement: "fab", source: "ig", utm_source: "Instagram", utm_campaign: "spring" });
    expect(res.status).toBe(303);
    const { token, step, path } = redirectTarget(res);
    expect(path).toBe("/apps/concierge/survey/");
    expect(step).toBe("2");
    const responseId = token!.split(".")[0]!;
    expect(await db.surveyResponse.findUnique({ where: { id: responseId } })).toMatchObject({
      shop: f.domain,
      currentStep: 1,
      placement: "fab",
      source: "ig",
      utmSource: "Instagram",
      utmCampaign: "spring",
      completedAt: null,
      answers: JSON.stringify({ [q.help.id]: "Skin care" }),
    });
    expect(await db.placementStat.findFirst({ where: { shop: f.domain, placement: "fab", source: "ig" } })).toMatchObject({ opens: 1, starts: 1 });

    res = await get(at(token!, 2), f.name);
    html = await res.text();
    expect(html).toContain(">2 of 5<");
    expect(html).toContain('aria-valuenow="2"');
    expect(html).toContain(`<a class="cx__back" href="/apps/concierge/survey/?r=${token}&amp;step=1">Back</a>`);
    expect(html).toContain(`action="/apps/concierge/survey/?r=${token}"`);

    res = await post(at(token!), f.name, { question: q.concerns.id, answer: ["dryness", "dullness"] });
    expect(redirectTarget(res).step).toBe("3");

    // Back to step 1: the saved answer is checked; changing it keeps later answers and progress.
    html = await (await get(at(token!, 1), f.name)).text();
    expect(html).toContain(">1 of 5<");
    expect(html).toContain('value="skin_care" checked');
    res = await post(at(token!), f.name, { question: q.help.id, answer: "hair_care" });
    expect(redirectTarget(res).step).toBe("2");
    html = await (await get(at(token!, 2), f.name)).text();
    expect(html).toContain('value="dryness" checked');
    expect(html).toContain('value="dullness" checked');
    expect(html).not.toContain('value="frizz" checked');
    let row = await db.surveyResponse.findUniqueOrThrow({ where: { id: responseId } });
    expect(row.currentStep).toBe(2);
    expect(JSON.parse(row.answers)).toEqual({ [q.help.id]: "Hair care", [q.concerns.id]: ["Dryness", "Dullness"] });

    // Can't skip ahead past the first unanswered step.
    res = await post(at(token!), f.name, { question: q.notes.id, answer: "skip" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("Please answer the questions in order");

    res = await post(at(token!), f.name, { question: q.sensitive.id, answer: "maybe" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Choose yes or no.");
    res = await post(at(token!), f.name, { question: q.sensitive.id, answer: "false" });
    expect(redirectTarget(res).step).toBe("4");
    html = await (await get(at(token!, 4), f.name)).text();
    expect(html).toContain(">4 of 5<");
    expect(html).toContain("(optional)");
    res = await post(at(token!), f.name, { question: q.notes.id, answer: "" }); // optional
    expect(redirectTarget(res).step).toBe("5");

    res = await get(at(token!, 5), f.name);
    html = await res.text();
    expect(html).toContain(">5 of 5<");
    expect(html).toContain('aria-valuenow="5"');
    expect(html).toContain("Text me my expert");
    row = await db.surveyResponse.findUniqueOrThrow({ where: { id: responseId } });
    expect(row.currentStep).toBe(4);
    expect(JSON.parse(row.answers)[q.sensitive.id]).toBe(false);
    expect(JSON.parse(row.answers)[q.notes.id]).toBeUndefined();
  });

  it("resumes by token at the first unanswered step; a bad or foreign token is a 404", async () => {
    const f = await surveyShop();
    const res = await post("/apps/concierge/survey/", f.name, { question: f.questions.help.id, answer: "a_gift" });
    const { token } = redirectTarget(res);
    let html = await (await get(at(token!), f.name)).text();
    expect(html).toContain(">2 of 5<");
    // Asking for a later step than reached shows the furthest reachable one.
    html = await (await get(at(token!, 5), f.name)).text();
    expect(html).toContain(">2 of 5<");

    const tampered = `${token!.split(".")[0]}.${"A".repeat(22)}`;
    let bad = await get(at(tampered), f.name);
    expect(bad.status).toBe(404);
    expect(await bad.text()).toContain("This survey link doesn&#39;t work anymore");
    const other = await surveyShop();
    bad = await get(at(token!), other.name);
    expect(bad.status).toBe(404);
    bad = await post(at(token!), other.name, { question: f.questions.concerns.id, answer: "dryness" });
    expect(bad.status).toBe(404);
  });

  it("rejects oversized answers with a message and keeps what was saved", async () => {
    const f = await surveyShop();
    const token = await answerQuestions(f, "short");
    const responseId = token.split(".")[0]!;
    const res = await post(at(token), f.name, { question: f.questions.notes.id, answer: "x".repeat(501) });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Keep your answer under 500 characters.");
    expect(html).toContain('id="cx-answer" name="answer" rows="4" maxlength="500" aria-describedby="cx-answer-hint cx-answer-error cx-answer-limit" aria-invalid="true"');
    expect(JSON.parse((await db.surveyResponse.findUniqueOrThrow({ where: { id: responseId } })).answers)[f.questions.notes.id]).toBe("short");

    const huge = await post(at(token), f.name, { question: f.questions.notes.id, answer: "y".repeat(20_000) });
    expect(huge.status).toBe(413);
  });

  it("answers an unknown question id with 400 and stores nothing", async () => {
    const f = await surveyShop();
    let res = await post("/apps/concierge/survey/", f.name, { question: "nope", answer: "skin_care" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("unknown question");
    expect(await db.surveyResponse.count({ where: { shop: f.domain } })).toBe(0);

    const other = await surveyShop();
    res = await post("/apps/concierge/survey/", f.name, { question: other.questions.help.id, answer: "skin_care" });
    expect(res.status).toBe(400);
    expect(await db.surveyResponse.count({ where: { shop: f.domain } })).toBe(0);
  });
});

describe("the phone-and-consent step", () => {
  it("shows the shop's current consent wording with every disclosure and an unchecked box", async () => {
    const f = await surveyShop();
    const token = await answerQuestions(f);
    const html = await (await get(at(token, 5), f.name)).text();
    expect(html).toContain("from Lumen &amp; Leaf at the number provided"); // {shop_name} filled, escaped
    for (const phrase of ["Consent is not a condition of purchase", "Message frequency varies", "Msg &amp; data rates may apply", "Reply HELP for help, STOP to cancel"]) {
      expect(html).toContain(phrase);
    }
    expect(html).toContain('<a href="/policies/terms-of-service">Terms</a>');
    expect(html).toContain('<a href="/policies/privacy-policy">Privacy Policy</a>');
    const box = /<input id="cx-consent"[^>]*>/.exec(html)![0];
    expect(box).toContain('type="checkbox"');
    expect(box).not.toContain("checked");
    expect(html).toContain('<label for="cx-consent">');
    expect(html).toContain(`name="consent_version" value="${f.wording.version}"`);
    expect(html).toMatch(/<label class="cx__label" for="cx-phone">Mobile number<\/label>/);
    expect(html).toContain('autocomplete="tel"');
  });

  it("refuses a phone without consent and stores nothing", async () => {
    const f = await surveyShop();
    const token = await answerQuestions(f);
    const responseId = token.split(".")[0]!;
    const res = await post(at(token), f.name, phoneForm(f, "(212) 555-0142", false));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Check the box to agree to texts.");
    expect(html).toContain('aria-describedby="cx-consent-error" aria-invalid="true"');
    expect(html).toContain('value="(212) 555-0142"'); // what they typed is kept…
    expect(/<input id="cx-consent"[^>]*>/.exec(html)![0]).not.toContain("checked"); // …the box never pre-checked
    expect(await db.shopper.count({ where: { shop: f.domain } })).toBe(0);
    expect(await db.consentRecord.count({ where: { shop: f.domain } })).toBe(0);
    expect(await db.conversation.count({ where: { shop: f.domain } })).toBe(0);
    expect(await db.surveyResponse.findUniqueOrThrow({ where: { id: responseId } })).toMatchObject({ shopperId: null, currentStep: 4, completedAt: null });
  });

  it("explains an invalid number, and a consent wording that changed under the shopper", async () => {
    const f = await surveyShop();
    const token = await answerQuestions(f);
    let res = await post(at(token), f.name, phoneForm(f, "12345"));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Enter a valid mobile number");
    res = await post(at(token), f.name, { ...phoneForm(f), consent_version: String(f.wording.version + 7) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Our texting terms were just updated");
    expect(await db.shopper.count({ where: { shop: f.domain } })).toBe(0);
  });
});

describe("first contact", () => {
  it("creates the shopper, consent record, conversation with brief, intro SMS and expert email", async () => {
    const f = await surveyShop();
    const { token, responseId } = await complete(f);
    const [ava] = f.experts;

    const shopper = await db.shopper.findUniqueOrThrow({ where: { shop_phone: { shop: f.domain, phone: "+12125550142" } } });
    expect(shopper.expertId).toBe(ava!.id);
    expect(shopper.shopifyCustomerId).toBe("7421");
    const consent = await db.consentRecord.findFirstOrThrow({ where: { shop: f.domain, shopperId: shopper.id } });
    expect(consent).toMatchObject({
      wordingVersion: f.wording.version,
      wordingHash: f.wording.hash,
      ip: SHOPPER_IP,
      userAgent: SHOPPER_UA,
      page: "/apps/concierge/survey",
      channel: "sms",
    });
    const response = await db.surveyResponse.findUniqueOrThrow({ where: { id: responseId } });
    expect(response.shopperId).toBe(shopper.id);
    expect(response.completedAt).not.toBeNull();
    expect(response.currentStep).toBe(5);

    const conversation = await db.conversation.findUniqueOrThrow({ where: { surveyResponseId: responseId } });
    expect(conversation).toMatchObject({ shop: f.domain, shopperId: shopper.id, expertId: ava!.id, stage: "intro", status: "awaiting_expert" });
    expect(JSON.parse(conversation.brief)).toEqual({
      "What can we help with today?": "Skin care",
      "Which of these are you working on?": ["Dryness", "Dullness"],
      "Is your skin sensitive or easily irritated?": true,
      "Anything else your expert should know?": "I like fragrance-free.",
    });
    expect((await db.expert.findUniqueOrThrow({ where: { id: ava!.id } })).lastAssignedAt).not.toBeNull();

    const intro = await db.message.findUniqueOrThrow({ where: { shop_businessKey: { shop: f.domain, businessKey: `intro:${responseId}` } } });
    expect(intro).toMatchObject({ kind: "intro", direction: "outbound", conversationId: conversation.id, expertId: ava!.id, toNumber: "+12125550142" });
    expect(["queued", "held"]).toContain(intro.status); // quiet hours depend on the clock
    expect(intro.body).toContain("it's Ava Brooks from Lumen & Leaf");
    expect(intro.body).toContain("Skin care, Dryness and Dullness");
    expect(intro.body).toContain("Reply STOP to opt out");
    expect(await jobsFor(QueueName.outbox, (d) => d.messageId === intro.id)).toHaveLength(1);

    const email = await db.emailMessage.findUniqueOrThrow({ where: { shop_businessKey: { shop: f.domain, businessKey: `new-conversation:${conversation.id}` } } });
    expect(email).toMatchObject({ to: "ava@lumen.test", status: "pending" });
    expect(email.text).toContain("- What can we help with today?: Skin care");
    expect(email.text).toContain(`/app/inbox/${conversation.id}`);

    // The thank-you screen names the expert, with photo and when to expect the text.
    const res = await get(at(token), f.name);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Thanks! Ava Brooks will text you");
    expect(html).toContain('<img src="https://cdn.example.com/ava.png"');
    expect(html).toContain("at •••0142");
    expect(html).toMatch(/in the next few minutes|after \d\d:\d\d/);
  });

  it("a replayed completion opens no second conversation, intro or email", async () => {
    const f = await surveyShop();
    const { token, responseId } = await complete(f);
    for (let i = 0; i < 2; i++) {
      const res = await post(at(token), f.name, phoneForm(f));
      expect(res.status).toBe(303);
      expect(redirectTarget(res).token).toBe(token);
    }
    // Any step of a finished survey just leads to the thank-you screen; nothing changes.
    const res = await post(at(token), f.name, { question: f.questions.help.id, answer: "a_gift" });
    expect(res.status).toBe(303);
    expect(await db.conversation.count({ where: { shop: f.domain } })).toBe(1);
    expect(await db.message.count({ where: { shop: f.domain, kind: "intro" } })).toBe(1);
    expect(await db.emailMessage.count({ where: { shop: f.domain } })).toBe(1);
    expect(await db.consentRecord.count({ where: { shop: f.domain } })).toBe(1);
    expect(JSON.parse((await db.surveyResponse.findUniqueOrThrow({ where: { id: responseId } })).answers)[f.questions.help.id]).toBe("Skin care");
    const intro = await db.message.findFirstOrThrow({ where: { shop: f.domain, kind: "intro" } });
    expect(await jobsFor(QueueName.outbox, (d) => d.messageId === intro.id)).toHaveLength(1);
  });

  it("escapes script tags and Liquid in answers everywhere they are shown", async () => {
    const f = await surveyShop();
    const evil = `<script>alert("x")</script> {{ shop.name }} {% layout none %}`;
    const { token } = await complete(f, evil);
    const html = await (await get(at(token), f.name)).text();
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#123;&#123; shop.name &#125;&#125; &#123;% layout none %&#125;");
    // Shopify renders the page as Liquid: it must come out exactly as we wrote it.
    expect(await new Liquid().parseAndRender(html, { shop: { name: "EVALUATED" } })).toBe(html);

    // The step page (going back to the answer) escapes it too.
    const conversation = await db.conversation.findFirstOrThrow({ where: { shop: f.domain } });
    const email = await db.emailMessage.findFirstOrThrow({ where: { shop: f.domain } });
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;");
    // The brief keeps the text as data; the inbox renders it through React, which escapes.
    expect(JSON.parse(conversation.brief)["Anything else your expert should know?"]).toBe(evil);
    // And the intro SMS never echoes free text.
    expect((await db.message.findFirstOrThrow({ where: { shop: f.domain, kind: "intro" } })).body).not.toContain("script");
  });

  it("re-shows an escaped answer when the shopper goes back to it", async () => {
    const f = await surveyShop();
    const token = await answerQuestions(f, `</textarea><script>x()</script>{{ 'a' }}`);
    const html = await (await get(at(token, 4), f.name)).text();
    expect(html).toContain("&lt;/textarea&gt;&lt;script&gt;x()&lt;/script&gt;&#123;&#123; &#39;a&#39; &#125;&#125;</textarea>");
    expect(await new Liquid().parseAndRender(html, {})).toBe(html);
  });
});

describe("abuse and forged requests", () => {
  it("rejects a stale (replayed) proxy signature with 4xx and stores nothing", async () => {
    const f = await surveyShop();
    let res = await get("/apps/concierge/survey?placement=fab", f.name, { stale: true });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    res = await post("/apps/concierge/survey/", f.name, { question: f.questions.help.id, answer: "skin_care" }, { stale: true });
    expect(res.status).toBe(400);
    res = await post("/apps/concierge/survey/", f.name, { question: f.questions.help.id, answer: "skin_care" }, { forge: true });
    expect(res.status).toBe(400);
    expect(await db.surveyResponse.count({ where: { shop: f.domain } })).toBe(0);
    expect(await db.placementStat.count({ where: { shop: f.domain } })).toBe(0);
  });

  it("accepts a filled honeypot with what looks like success, storing nothing", async () => {
    const f = await surveyShop();
    let res = await post("/apps/concierge/survey/", f.name, { question: f.questions.help.id, answer: "skin_care", placement: "fab", homepage: "http://spam.example" });
    expect(res.status).toBe(303);
    expect(redirectTarget(res)).toMatchObject({ sent: "1", token: null });
    expect(await db.surveyResponse.count({ where: { shop: f.domain } })).toBe(0);
    expect(await db.placementStat.count({ where: { shop: f.domain } })).toBe(0);
    res = await get("/apps/concierge/survey/?sent=1", f.name);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Thanks! We've got your answers");

    // Also on the phone step: no shopper, no consent, no text.
    const token = await answerQuestions(f);
    res = await post(at(token), f.name, { ...phoneForm(f), homepage: "x" });
    expect(res.status).toBe(303);
    expect(await db.shopper.count({ where: { shop: f.domain } })).toBe(0);
    expect(await db.message.count({ where: { shop: f.domain } })).toBe(0);
  });

  it("answers 429 with a message when one network posts too often", async () => {
    const f = await surveyShop();
    await redis.set(limitKey(env.QUEUE_PREFIX, "step", f.domain, SHOPPER_IP), String(LIMITS.step.limit), "EX", 300);
    const res = await post("/apps/concierge/survey/", f.name, { question: f.questions.help.id, answer: "skin_care" });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    const html = await res.text();
    expect(html).toContain("Too many tries");
    expect(html).toMatch(/Please wait \d+ minutes and try again/);
    expect(await db.surveyResponse.count({ where: { shop: f.domain } })).toBe(0);
    // Another shop (and so another window) is unaffected.
    const other = await surveyShop();
    expect((await post("/apps/concierge/survey/", other.name, { question: other.questions.help.id, answer: "skin_care" })).status).toBe(303);
  });

  it("limits phone submissions more tightly (SMS pumping) and stores nothing over the limit", async () => {
    const f = await surveyShop();
    const token = await answerQuestions(f);
    await redis.set(limitKey(env.QUEUE_PREFIX, "phone", f.domain, SHOPPER_IP), String(LIMITS.phone.limit), "EX", 3600);
    const res = await post(at(token), f.name, phoneForm(f));
    expect(res.status).toBe(429);
    expect(await res.text()).toContain("Too many tries");
    expect(await db.shopper.count({ where: { shop: f.domain } })).toBe(0);
    expect(await db.conversation.count({ where: { shop: f.domain } })).toBe(0);
  });

  it("counts requests in a fixed window and only then refuses", async () => {
    const f = await surveyShop();
    const key = limitKey(env.QUEUE_PREFIX, "page", f.domain, SHOPPER_IP);
    await redis.set(key, String(LIMITS.page.limit - 1), "EX", 600);
    expect((await get("/apps/concierge/survey", f.name)).status).toBe(200);
    const res = await get("/apps/concierge/survey", f.name);
    expect(res.status).toBe(429);
    expect(Number(await redis.ttl(key))).toBeGreaterThan(0);
  });

  it("shows a notice (404) when the program is off", async () => {
    const f = await surveyShop({ programEnabled: false });
    const res = await get("/apps/concierge/survey?placement=fab", f.name);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Expert help isn&#39;t available right now");
    expect((await post("/apps/concierge/survey/", f.name, { question: f.questions.help.id, answer: "skin_care" })).status).toBe(404);
    expect(await db.surveyResponse.count({ where: { shop: f.domain } })).toBe(0);
  });
});

describe("phone step before the end (rescue)", () => {
  it("schedules the rescue job when the phone step isn't last", async () => {
    const f = await surveyShop({ phonePosition: 1, abandonedSurveyMinutes: 45 });
    let res = await post("/apps/concierge/survey/", f.name, { question: f.questions.help.id, answer: "skin_care" });
    const { token } = redirectTarget(res);
    const html = await (await get(at(token!, 2), f.name)).text();
    expect(html).toContain(">2 of 5<");
    expect(html).toContain("Mobile number");
    res = await post(at(token!), f.name, phoneForm(f));
    expect(redirectTarget(res).step).toBe("3");
    const responseId = token!.split(".")[0]!;
    const jobs = await jobsFor(QueueName.surveyRescue, (d) => d.responseId === responseId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data).toEqual({ shop: f.domain, responseId }); // ids only, no PII
    expect(jobs[0]!.opts.delay).toBeGreaterThan(44 * 60_000);
    expect(await db.conversation.count({ where: { shop: f.domain } })).toBe(0); // not yet
  });
});
