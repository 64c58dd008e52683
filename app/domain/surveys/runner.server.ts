// The storefront survey runner: which step to show, and saving one step at a time.
//
// URLs (all through the app proxy, so every request is signed by Shopify):
//   GET  …/survey?placement=fab&source=…&utm_*=…   step 1; nothing stored yet (an "open" is counted)
//   POST …/survey/                                    step 1 saved → a SurveyResponse is created
//   GET  …/survey/?r=<token>[&step=N]                 resume at the first unanswered step, or step N
//   POST …/survey/?r=<token>                          save the step named by the hidden question id
//   GET  …/survey/?r=<token> (finished)               the thank-you screen
// The token is the response id plus an HMAC (tokens.server.ts): proxy responses can't set
// cookies. `currentStep` is how many steps are answered in order (0…total), so drop-off is
// measurable per step; the shopper can go back to any answered step, never skip ahead.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { directSql, type Db } from "~/db.server";
import { newRowId } from "~/lib/ids.server";
import { resolveRecipient } from "~/domain/messaging/recipient-region.server";
import { localTimeLabel } from "~/domain/messaging/quiet-hours.server";
import { countPlacements, dayIn } from "~/domain/promotion/stats.server";
import { currentConsentWording } from "~/domain/settings/consent.server";
import type { FieldErrors } from "~/lib/validation";
import { introKey, openConversation, shopNameOf, type FirstContactDeps } from "./first-contact.server";
import type { StorefrontLimiter } from "./rate-limit.server";
import type { ClientMeta } from "./request-meta.server";
import { answerText, parseAnswers, storefrontState, surveyById, type Answers, type RunnerSurvey, type Step } from "./survey.server";
import { responseToken, verifyResponseToken } from "./tokens.server";
import { parseTracking, validatePhone, validateQuestion, type StepForm, type Tracking } from "./validation.server";

export type RunnerDeps = FirstContactDeps & {
  tokenSecret: string;
  enqueueRescue: (shop: string, responseId: string, runAt: Date) => Promise<void>;
  limiter?: StorefrontLimiter;
  log?: (message: string) => void;
};

export const HONEYPOT_FIELD = "homepage";

export type StepValues = { selected: string[]; text: string; phone: string };
export type StepView = {
  kind: "step";
  shopName: string;
  surveyTitle: string;
  surveyIntro: string | null;
  index: number;
  total: number;
  step: Step;
  token: string | null;
  values: StepValues;
  errors: FieldErrors;
  /** Carried in hidden fields until the response exists. */
  tracking: Tracking | null;
  consent: { version: number; text: string } | null;
};
export type IntroTiming =
  | { kind: "soon" }
  | { kind: "held"; time: string; day: "today" | "tomorrow" | "later" }
  | { kind: "blocked" }
  | { kind: "unknown" };
export type ThanksView = {
  kind: "thanks";
  shopName: string;
  expert: { name: string; photoUrl: string | null; bio: string | null } | null;
  timing: IntroTiming;
  phoneMasked: string | null;
  answers: Array<{ question: string; answer: string }>;
};
export type NoticeView = { kind: "notice"; status: number; title: string; message: string; restart: boolean };
export type PageView = StepView | ThanksView | NoticeView;

export type SubmitResult =
  | { kind: "redirect"; token: string | null; step?: number; sent?: boolean }
  | { kind: "page"; view: PageView; status: number }
  | { kind: "rate_limited"; retryAfterSeconds: number };

const UNAVAILABLE: NoticeView = {
  kind: "notice",
  status: 404,
  title: "Expert help isn't available right now",
  message: "Please check back soon, or keep browsing the store.",
  restart: false,
};
const INVALID_LINK: NoticeView = {
  kind: "notice",
  status: 404,
  title: "This survey link doesn't work anymore",
  message: "It may be incomplete or from another store. You can start the survey again; it only takes a minute.",
  restart: true,
};

type ShopInfo = { name: string; timezone: string; abandonedSurveyMinutes: number; publishedSurveyId: string | null };

async function liveShop(db: Db, shop: string): Promise<ShopInfo | null> {
  const state = await storefrontState(db, shop);
  return state ? { ...state, name: shopNameOf(shop, state.name) } : null;
}

async function consentFor(db: Db, shop: string, shopName: string) {
  const wording = await currentConsentWording(db, shop);
  return { wording, view: { version: wording.version, text: wording.text.replaceAll("{shop_name}", shopName) } };
}

/** Form values for a step from what is stored (for back/resume). */
function storedValues(step: Step, answers: Answers, phone: string | null): StepValues {
  if (step.kind === "phone") {
    const parsed = phone ? parsePhoneNumberFromString(phone) : undefined;
    return { selected: [], text: "", phone: parsed ? (parsed.country === "US" ? parsed.formatNational() : parsed.formatInternational()) : "" };
  }
  const answer = answers[step.id];
  const wanted = (Array.isArray(answer) ? answer : answer === undefined ? [] : [answer]).map(String);
  const selected = step.options.filter((o) => wanted.includes(o.label) || wanted.includes(o.value)).map((o) => o.value);
  return { selected, text: step.type === "short_text" && typeof answer === "string" ? answer : "", phone: "" };
}

/** Form values as submitted (re-shown with the errors). Consent is never pre-checked. */
function submittedValues(step: Step, form: StepForm): StepValues {
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const first = (v: string | string[] | undefined) => list(v)[0] ?? "";
  if (step.kind === "phone") return { selected: [], text: "", phone: first(form.phone).slice(0, 40) };
  return {
    selected: list(form.answer).filter((v) => step.options.some((o) => o.value === v)),
    text: step.type === "short_text" ? first(form.answer).slice(0, 2000) : "",
    phone: "",
  };
}

async function stepView(
  deps: RunnerDeps,
  shop: string,
  info: ShopInfo,
  survey: RunnerSurvey,
  index: number,
  opts: { token: string | null; values: StepValues; errors?: FieldErrors; tracking?: Tracking | null },
): Promise<StepView> {
  const step = survey.steps[index]!;
  return {
    kind: "step",
    shopName: info.name,
    surveyTitle: survey.title,
    surveyIntro: survey.intro,
    index,
    total: survey.steps.length,
    step,
    token: opts.token,
    values: opts.values,
    errors: opts.errors ?? {},
    tracking: opts.token ? null : (opts.tracking ?? null),
    consent: step.kind === "phone" ? (await consentFor(deps.db, shop, info.name)).view : null,
  };
}

async function safely(deps: RunnerDeps, what: string, work: () => Promise<unknown>) {
  try {
    await work();
  } catch (error) {
    (deps.log ?? console.error)(`[survey] ${what} failed: ${(error as Error).message}`);
  }
}

async function loadResponse(db: Db, shop: string, id: string) {
  return db.surveyResponse.findFirst({ where: { shop, id }, include: { shopper: { select: { id: true, phone: true, timezone: true } } } });
}

/** GET: the step to show, the thank-you screen, or a notice. */
export async function loadSurveyPage(
  deps: RunnerDeps,
  shop: string,
  input: { token: string | null; step: string | null; query: Record<string, string>; sent?: boolean },
): Promise<PageView> {
  const info = await liveShop(deps.db, shop);
  if (!info) return UNAVAILABLE;
  if (input.sent) return { kind: "thanks", shopName: info.name, expert: null, timing: { kind: "unknown" }, phoneMasked: null, answers: [] };

  if (!input.token) {
    const survey = info.publishedSurveyId ? await surveyById(deps.db, shop, info.publishedSurveyId) : null;
    if (!survey) return UNAVAILABLE;
    const tracking = parseTracking(input.query);
    if (tracking.placement) {
      await safely(deps, "counting an open", () => countPlacements(deps.db, shop, { placements: [tracking.placement!], source: tracking.source, counter: "opens", at: deps.now?.(), timezone: info.timezone }));
    }
    return stepView(deps, shop, info, survey, 0, { token: null, values: { selected: [], text: "", phone: "" }, tracking });
  }

  const id = verifyResponseToken(deps.tokenSecret, shop, input.token);
  const response = id ? await loadResponse(deps.db, shop, id) : null;
  if (!response) return INVALID_LINK;
  if (response.completedAt) return thanksView(deps, shop, info, response.id);
  const survey = await surveyById(deps.db, shop, response.surveyId);
  if (!survey) return INVALID_LINK;
  const furthest = Math.min(response.currentStep, survey.steps.length - 1);
  const asked = Number.parseInt(input.step ?? "", 10);
  const index = Number.isFinite(asked) ? Math.min(Math.max(asked - 1, 0), furthest) : furthest;
  const step = survey.steps[index]!;
  return stepView(deps, shop, info, survey, index, {
    token: input.token,
    values: storedValues(step, parseAnswers(response.answers), response.shopper?.phone ?? null),
  });
}

/** POST: validates and saves one step; a redirect to the next step or thank-you, or the step with errors. */
export async function submitSurveyStep(
  deps: RunnerDeps,
  shop: string,
  input: { token: string | null; form: StepForm; meta: ClientMeta },
): Promise<SubmitResult> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const info = await liveShop(db, shop);
  if (!info) return { kind: "page", view: UNAVAILABLE, status: UNAVAILABLE.status };

  // Honeypot: people never see the field; bots fill it. They get what looks like success.
  const trap = input.form[HONEYPOT_FIELD];
  if ((Array.isArray(trap) ? trap.join("") : (trap ?? "")).trim() !== "") {
    (deps.log ?? console.info)(`[survey] honeypot filled at ${shop}; nothing stored`);
    return { kind: "redirect", token: null, sent: true };
  }

  let response: Awaited<ReturnType<typeof loadResponse>> = null;
  let survey: RunnerSurvey | null;
  if (input.token) {
    const id = verifyResponseToken(deps.tokenSecret, shop, input.token);
    response = id ? await loadResponse(db, shop, id) : null;
    if (!response) return { kind: "page", view: INVALID_LINK, status: INVALID_LINK.status };
    if (response.completedAt) {
      // A replayed or double-submitted final step: make sure first contact happened, once.
      await openConversation(deps, shop, response.id, "complete");
      return { kind: "redirect", token: input.token };
    }
    survey = await surveyById(db, shop, response.surveyId);
  } else {
    survey = info.publishedSurveyId ? await surveyById(db, shop, info.publishedSurveyId) : null;
  }
  if (!survey) return { kind: "page", view: UNAVAILABLE, status: UNAVAILABLE.status };

  const questionId = Array.isArray(input.form.question) ? undefined : input.form.question;
  const index = survey.steps.findIndex((s) => s.id === questionId);
  if (index < 0) {
    return { kind: "page", status: 400, view: { kind: "notice", status: 400, title: "We couldn't save that answer", message: "The form doesn't match this survey (unknown question). Please reload the page and try again.", restart: !input.token } };
  }
  const reachable = response ? Math.min(response.currentStep, survey.steps.length - 1) : 0;
  if (index > reachable) {
    return { kind: "page", status: 409, view: { kind: "notice", status: 409, title: "Please answer the questions in order", message: "That question comes later in the survey. Continue from where you left off.", restart: !input.token } };
  }
  const step = survey.steps[index]!;
  const tracking = response ? null : parseTracking(input.form);
  const answers = response ? parseAnswers(response.answers) : {};
  const invalid = async (errors: FieldErrors): Promise<SubmitResult> => ({
    kind: "page",
    status: 422,
    view: await stepView(deps, shop, info, survey!, index, { token: input.token, values: submittedValues(step, input.form), errors, tracking }),
  });

  let responseId: string;
  let phoneAt: Date | null = null;
  if (step.kind === "question") {
    const result = validateQuestion(step, input.form);
    if (!result.ok) return invalid(result.errors);
    const next = { ...answers };
    if (result.data.answer === undefined) delete next[step.id];
    else next[step.id] = result.data.answer;
    const currentStep = Math.max(response?.currentStep ?? 0, index + 1);
    if (response) {
      await db.surveyResponse.update({ where: { id: response.id }, data: { answers: JSON.stringify(next), currentStep } });
      responseId = response.id;
    } else {
      responseId = (await createResponse(db, shop, survey.id, tracking!, { answers: next, currentStep }, now)).id;
      await countStart(deps, shop, info.timezone, tracking!);
    }
  } else {
    const { wording } = await consentFor(db, shop, info.name);
    const result = validatePhone(step, input.form, wording.version);
    if (!result.ok) {
      const { consentVersion, ...rest } = result.errors;
      return invalid(consentVersion && !rest.consent ? { ...rest, consent: consentVersion } : rest);
    }
    // Each accepted number can lead to an SMS: a tighter limit than other steps.
    const limited = await deps.limiter?.hit("phone", shop, input.meta.ip);
    if (limited && !limited.ok) return { kind: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds };
    const previous = answers[step.id] as { at?: string } | undefined;
    phoneAt = previous?.at ? new Date(previous.at) : now;
    const saved = await db.$transaction(async (txClient) => {
      const tx = txClient as unknown as Db;
      const customerId = input.meta.customerId ?? null;
      let shopper = await tx.shopper.upsert({
        where: { shop_phone: { shop, phone: result.data.phone } },
        create: { shop, phone: result.data.phone, shopifyCustomerId: customerId },
        update: {},
      });
      if (customerId && !shopper.shopifyCustomerId) {
        shopper = await tx.shopper.update({ where: { id: shopper.id }, data: { shopifyCustomerId: customerId } });
      }
      if (shopper.optedOut) {
        // A fresh, checked-box consent on the store's own form is a new opt-in (as START is).
        await tx.shopper.update({ where: { id: shopper.id }, data: { optedOut: false, optedOutAt: null } });
        await tx.optOut.updateMany({ where: { shop, shopperId: shopper.id, revokedAt: null }, data: { revokedAt: now } });
      }
      const consent = await tx.consentRecord.create({
        data: {
          shop,
          shopperId: shopper.id,
          wordingVersion: wording.version,
          wordingHash: wording.hash,
          ip: input.meta.ip,
          userAgent: input.meta.userAgent,
          page: input.meta.page,
          channel: "sms",
          createdAt: now,
        },
      });
      const next = { ...answers, [step.id]: { consentRecordId: consent.id, at: phoneAt!.toISOString() } };
      const currentStep = Math.max(response?.currentStep ?? 0, index + 1);
      if (response) {
        await tx.surveyResponse.update({ where: { id: response.id }, data: { answers: JSON.stringify(next), currentStep, shopperId: shopper.id } });
        return { id: response.id, created: false };
      }
      const row = await createResponseIn(tx, shop, survey!.id, tracking!, { answers: next, currentStep, shopperId: shopper.id });
      return { id: row.id, created: true };
    });
    responseId = saved.id;
    if (saved.created) await countStart(deps, shop, info.timezone, tracking!);
  }

  const token = input.token ?? responseToken(deps.tokenSecret, shop, responseId);
  const isLast = index === survey.steps.length - 1;
  if (!isLast) {
    if (step.kind === "phone" && phoneAt) {
      const runAt = new Date(phoneAt.getTime() + info.abandonedSurveyMinutes * 60_000);
      await safely(deps, "scheduling the rescue", () => deps.enqueueRescue(shop, responseId, runAt));
    }
    return { kind: "redirect", token, step: index + 2 };
  }

  // The last step: everything required must be there before first contact.
  const saved = await db.surveyResponse.findFirstOrThrow({ where: { shop, id: responseId }, select: { answers: true, shopperId: true } });
  const stored = parseAnswers(saved.answers);
  const missing = survey.steps.findIndex((s) => (s.kind === "phone" ? !saved.shopperId : s.required && stored[s.id] === undefined));
  if (missing >= 0) return { kind: "redirect", token, step: missing + 1 };
  await openConversation(deps, shop, responseId, "complete");
  return { kind: "redirect", token };
}

type NewResponse = { answers: Answers; currentStep: number; shopperId?: string };

/**
 * A first answer creates the response. Every new shopper's first step lands here, so it is
 * direct SQL (db.server.ts), the same statement on SQLite and PostgreSQL. (A survey that opens
 * with the phone step creates it inside that step's transaction instead: createResponseIn.)
 */
async function createResponse(db: Db, shop: string, surveyId: string, tracking: Tracking, data: NewResponse, now: Date) {
  const id = newRowId();
  await directSql(db).execute`
    INSERT INTO "SurveyResponse" ("id", "shop", "surveyId", "answers", "currentStep", "shopperId",
      "placement", "source", "utmSource", "utmMedium", "utmCampaign", "utmContent", "createdAt", "updatedAt")
    VALUES (${id}, ${shop}, ${surveyId}, ${JSON.stringify(data.answers)}, ${data.currentStep}, ${data.shopperId ?? null},
      ${tracking.placement}, ${tracking.source}, ${tracking.utmSource}, ${tracking.utmMedium}, ${tracking.utmCampaign}, ${tracking.utmContent}, ${now}, ${now})`;
  return { id };
}

function createResponseIn(tx: Db, shop: string, surveyId: string, tracking: Tracking, data: NewResponse) {
  return tx.surveyResponse.create({
    data: {
      shop,
      surveyId,
      answers: JSON.stringify(data.answers),
      currentStep: data.currentStep,
      shopperId: data.shopperId ?? null,
      placement: tracking.placement,
      source: tracking.source,
      utmSource: tracking.utmSource,
      utmMedium: tracking.utmMedium,
      utmCampaign: tracking.utmCampaign,
      utmContent: tracking.utmContent,
    },
    select: { id: true },
  });
}

async function countStart(deps: RunnerDeps, shop: string, timezone: string, tracking: Tracking) {
  if (!tracking.placement) return;
  await safely(deps, "counting a start", () =>
    countPlacements(deps.db, shop, { placements: [tracking.placement!], source: tracking.source, counter: "starts", at: deps.now?.(), timezone }),
  );
}

async function thanksView(deps: RunnerDeps, shop: string, info: ShopInfo, responseId: string): Promise<ThanksView> {
  const { db } = deps;
  const response = await db.surveyResponse.findFirstOrThrow({
    where: { shop, id: responseId },
    include: {
      shopper: { select: { phone: true, timezone: true } },
      conversation: { select: { expert: { select: { name: true, photoUrl: true, bio: true } } } },
    },
  });
  const survey = await surveyById(db, shop, response.surveyId);
  const answers = parseAnswers(response.answers);
  const intro = await db.message.findUnique({
    where: { shop_businessKey: { shop, businessKey: introKey(response.id) } },
    select: { status: true, heldUntil: true },
  });
  return {
    kind: "thanks",
    shopName: info.name,
    expert: response.conversation?.expert ?? null,
    timing: await introTiming(deps, info, intro, response.shopper),
    phoneMasked: response.shopper ? `•••${response.shopper.phone.slice(-4)}` : null,
    answers: (survey?.steps ?? []).flatMap((s) => (s.kind === "question" && answers[s.id] !== undefined ? [{ question: s.prompt, answer: answerText(answers[s.id], s) }] : [])),
  };
}

async function introTiming(
  deps: RunnerDeps,
  info: ShopInfo,
  intro: { status: string; heldUntil: Date | null } | null,
  shopper: { phone: string; timezone: string | null } | null,
): Promise<IntroTiming> {
  if (!intro) return { kind: "unknown" };
  if (intro.status === "blocked" || intro.status === "failed" || intro.status === "undelivered") return { kind: "blocked" };
  if (intro.status !== "held" || !intro.heldUntil || !shopper) return { kind: "soon" };
  const { timezone } = await resolveRecipient({ shopperTimezone: shopper.timezone, phone: shopper.phone, shopTimezone: info.timezone });
  const now = deps.now?.() ?? new Date();
  const today = dayIn(timezone, now);
  const tomorrow = dayIn(timezone, new Date(now.getTime() + 24 * 3600_000));
  const day = dayIn(timezone, intro.heldUntil);
  return { kind: "held", time: localTimeLabel(intro.heldUntil, timezone), day: day === today ? "today" : day === tomorrow ? "tomorrow" : "later" };
}
