// Pure pieces of the survey runner: escaping, tokens, steps, validation, the intro text, the
// rate limiter's failure mode, and the placement counters' parsing.
import { describe, expect, it } from "vitest";
import { Liquid } from "liquidjs";
import { dayIn, normalizeSource, parseBeacon } from "~/domain/promotion/stats.server";
import { DEFAULT_CONSENT_WORDING } from "~/domain/settings/consent.server";
import { esc, safeUrl } from "./escape.server";
import { answersLine, introBody } from "./first-contact.server";
import { createStorefrontLimiter } from "./rate-limit.server";
import { consentHtml, renderStep } from "./render.server";
import { clientIp, pathPrefix } from "./request-meta.server";
import type { StepView } from "./runner.server";
import { buildSteps, SYNTHETIC_PHONE_ID, type QuestionStep } from "./survey.server";
import { responseToken, verifyResponseToken } from "./tokens.server";
import { normalizePhone, parseTracking, validatePhone, validateQuestion } from "./validation.server";

const q = (over: Partial<{ id: string; type: string; prompt: string; helpText: string | null; required: boolean; options: string; position: number }>) => ({
  id: "q1",
  type: "single_choice",
  prompt: "Pick",
  helpText: null,
  required: true,
  options: JSON.stringify([{ value: "a", label: "Apple" }, { value: "b", label: "Banana" }]),
  position: 0,
  ...over,
});

describe("escaping", () => {
  it("escapes HTML and Liquid delimiters", () => {
    expect(esc(`<script>"x" & 'y'</script> {{ a }} {% b %}`)).toBe("&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt; &#123;&#123; a &#125;&#125; &#123;% b %&#125;");
    expect(esc(null)).toBe("");
  });

  it("only lets http(s) and site-relative URLs through", () => {
    expect(safeUrl("https://cdn.example.com/a.png?x=1&y=2")).toBe("https://cdn.example.com/a.png?x=1&amp;y=2");
    expect(safeUrl("javascript:alert(1)")).toBe("#");
    expect(safeUrl("//evil.example/x")).toBe("#");
    expect(safeUrl("/policies/privacy-policy")).toBe("/policies/privacy-policy");
  });

  it("links Terms and Privacy in the consent wording, escaping the rest", () => {
    const { html, linkedTerms, linkedPrivacy } = consentHtml(DEFAULT_CONSENT_WORDING.replace("{shop_name}", "A & B"));
    expect(linkedTerms && linkedPrivacy).toBe(true);
    expect(html).toContain("from A &amp; B at");
    expect(html).toContain('<a href="/policies/terms-of-service">Terms</a> and <a href="/policies/privacy-policy">Privacy Policy</a>');
    expect(consentHtml("Reply STOP.").linkedTerms).toBe(false);
  });

  it("renders a step whose merchant text is hostile as inert HTML and Liquid", async () => {
    const step = buildSteps([q({ prompt: "{{ shop.name }}<img src=x onerror=alert(1)>", options: JSON.stringify([{ value: "\"><script>", label: "{% layout none %}" }]) })])[0]!;
    const view: StepView = {
      kind: "step",
      shopName: "S",
      surveyTitle: "{{ t }}",
      surveyIntro: null,
      index: 0,
      total: 2,
      step,
      token: null,
      values: { selected: ['"><script>'], text: "", phone: "" },
      errors: { answer: "<b>bad</b>" },
      tracking: { placement: "fab", source: "x\"y", utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null },
      consent: null,
    };
    const html = renderStep(view, "/apps/concierge");
    expect(html).not.toMatch(/<script>|<img src=x|<b>bad/);
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;" checked');
    expect(await new Liquid().parseAndRender(html, { shop: { name: "EVALUATED" }, t: "EVALUATED" })).toBe(html);
  });
});

describe("response tokens", () => {
  it("verify only for the same shop and secret", () => {
    const token = responseToken("s1", "a.myshopify.com", "clxyz1234567890abc");
    expect(verifyResponseToken("s1", "a.myshopify.com", token)).toBe("clxyz1234567890abc");
    expect(verifyResponseToken("s1", "b.myshopify.com", token)).toBeNull();
    expect(verifyResponseToken("s2", "a.myshopify.com", token)).toBeNull();
    expect(verifyResponseToken("s1", "a.myshopify.com", "clxyz1234567890abc")).toBeNull();
    expect(verifyResponseToken("s1", "a.myshopify.com", `${token}x`)).toBeNull();
    expect(verifyResponseToken("s1", "a.myshopify.com", null)).toBeNull();
  });
});

describe("steps", () => {
  it("orders by position, keeps the phone step where the merchant put it, and appends one if missing", () => {
    const steps = buildSteps([q({ id: "b", position: 2 }), q({ id: "p", type: "phone_consent", position: 1 }), q({ id: "a", position: 0 })]);
    expect(steps.map((s) => [s.kind, s.id])).toEqual([
      ["question", "a"],
      ["phone", "p"],
      ["question", "b"],
    ]);
    const appended = buildSteps([q({ id: "a" }), q({ id: "t", type: "short_text", options: "[]", position: 1 })]);
    expect(appended.map((s) => s.id)).toEqual(["a", "t", SYNTHETIC_PHONE_ID]);
  });

  it("skips choice questions without options and unknown types; true/false gets yes/no", () => {
    const steps = buildSteps([q({ id: "x", options: "[]" }), q({ id: "y", type: "ranking" }), q({ id: "tf", type: "true_false", options: "[]" })]);
    expect(steps.map((s) => s.id)).toEqual(["tf", SYNTHETIC_PHONE_ID]);
    expect((steps[0] as QuestionStep).options).toEqual([
      { value: "true", label: "Yes" },
      { value: "false", label: "No" },
    ]);
  });
});

describe("validation", () => {
  const [single] = buildSteps([q({})]) as QuestionStep[];
  const [multi] = buildSteps([q({ type: "multi_choice" })]) as QuestionStep[];
  const [text] = buildSteps([q({ type: "short_text", options: "[]" })]) as QuestionStep[];
  const [optional] = buildSteps([q({ type: "short_text", options: "[]", required: false })]) as QuestionStep[];

  it("stores choice labels, refuses values that aren't options", () => {
    expect(validateQuestion(single!, { answer: "b" })).toEqual({ ok: true, data: { answer: "Banana" } });
    expect(validateQuestion(single!, {})).toEqual({ ok: false, errors: { answer: "Choose one of the options to continue." } });
    expect(validateQuestion(single!, { answer: "zzz" })).toEqual({ ok: false, errors: { answer: "Choose one of the options shown." } });
    expect(validateQuestion(multi!, { answer: ["b", "a"] })).toEqual({ ok: true, data: { answer: ["Apple", "Banana"] } });
    expect(validateQuestion(multi!, { answer: ["a", "evil"] }).ok).toBe(false);
    expect(validateQuestion(multi!, {}).ok).toBe(false);
  });

  it("limits text answers to 500 characters", () => {
    expect(validateQuestion(text!, { answer: "  hi  " })).toEqual({ ok: true, data: { answer: "hi" } });
    expect(validateQuestion(text!, { answer: "x".repeat(500) }).ok).toBe(true);
    expect(validateQuestion(text!, { answer: "x".repeat(501) })).toEqual({ ok: false, errors: { answer: "Keep your answer under 500 characters." } });
    expect(validateQuestion(text!, { answer: " " })).toEqual({ ok: false, errors: { answer: "Write a short answer to continue." } });
    expect(validateQuestion(optional!, { answer: "" })).toEqual({ ok: true, data: { answer: undefined } });
  });

  it("normalizes phones to E.164 and requires the checked box for the current wording", () => {
    expect(normalizePhone("(212) 555-0142")).toBe("+12125550142");
    expect(normalizePhone("+44 20 7183 8750")).toBe("+442071838750");
    expect(normalizePhone("555-1234")).toBeNull();
    const phoneStep = { kind: "phone" as const, id: "p", prompt: "", helpText: null };
    expect(validatePhone(phoneStep, { phone: "212 555 0142", consent: "yes", consent_version: "3" }, 3)).toEqual({
      ok: true,
      data: { phone: "+12125550142", consent: "yes", consentVersion: 3 },
    });
    const refused = validatePhone(phoneStep, { phone: "", consent_version: "2" }, 3);
    expect(refused).toEqual({
      ok: false,
      errors: {
        phone: "Enter your mobile number so your expert can text you.",
        consent: "Check the box to agree to texts. We can only text you with your permission.",
        consentVersion: "Our texting terms were just updated. Please read them and check the box again.",
      },
    });
  });

  it("cleans tracking parameters", () => {
    expect(parseTracking({ placement: "fab", utm_source: "IG<script>", utm_campaign: "x".repeat(300) })).toMatchObject({
      placement: "fab",
      source: "igscript",
      utmSource: "IGscript",
      utmCampaign: null,
    });
    expect(parseTracking({ placement: "popup" })).toMatchObject({ placement: null, source: "direct" });
  });
});

describe("intro SMS", () => {
  const steps = buildSteps([q({ id: "a" }), q({ id: "m", type: "multi_choice", position: 1 }), q({ id: "t", type: "short_text", options: "[]", position: 2 })]);

  it("names the expert and the choice answers, never free text or template variables from answers", () => {
    const body = introBody({
      mode: "complete",
      expert: { name: "Ava Brooks" },
      shopName: "Lumen",
      shopper: { firstName: null, lastName: null },
      steps,
      answers: { a: "{{shop.name}}", m: ["Apple", "Banana"], t: "my secret text" },
    });
    expect(body).toBe(
      "Hi there, it's Ava Brooks from Lumen! Thanks for telling us about {{shop.name}}, Apple and Banana. I'm reading your answers now and will text you personal picks shortly. Reply STOP to opt out.",
    );
    expect(answersLine(steps, {})).toBe("what you're looking for");
  });
});

describe("request meta and counters", () => {
  it("reads the client IP from X-Forwarded-For, and a safe path prefix", () => {
    expect(clientIp(new Headers({ "X-Forwarded-For": "garbage, 198.51.100.7, 10.0.0.1" }))).toBe("198.51.100.7");
    expect(clientIp(new Headers({ "X-Forwarded-For": "2001:db8::1" }))).toBe("2001:db8::1");
    expect(clientIp(new Headers())).toBeNull();
    expect(pathPrefix(new URL("https://x/proxy?path_prefix=%2Fapps%2Fexperts"))).toBe("/apps/experts");
    expect(pathPrefix(new URL("https://x/proxy?path_prefix=%2F%2Fevil.com"))).toBe("/apps/concierge");
    expect(pathPrefix(new URL("https://x/proxy?path_prefix=javascript:x"))).toBe("/apps/concierge");
  });

  it("parses the beacon and normalizes sources", () => {
    expect(parseBeacon("placements=fab,banner,fab,nope&source=Instagram&template=product")).toEqual({ placements: ["fab", "banner"], source: "instagram" });
    expect(parseBeacon("")).toEqual({ placements: [], source: "direct" });
    expect(normalizeSource("  ")).toBe("direct");
    expect(dayIn("America/New_York", new Date("2026-11-19T04:30:00Z"))).toBe("2026-11-18");
    expect(dayIn("Not/AZone", new Date("2026-11-19T04:30:00Z"))).toBe("2026-11-19");
  });

  it("lets requests through (and logs) when Redis is unreachable", async () => {
    const logged: string[] = [];
    const limiter = createStorefrontLimiter(async () => Promise.reject(new Error("ECONNREFUSED")), { prefix: "t", log: (m) => logged.push(m) });
    expect(await limiter.hit("step", "a.myshopify.com", "1.2.3.4")).toEqual({ ok: true });
    expect(logged[0]).toContain("ECONNREFUSED");
  });
});
