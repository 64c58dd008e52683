// Server-side validation of one survey step, with one clear message per field. The browser's
// own checks are off (novalidate), so these messages are the only ones the shopper sees.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";
import { validate, type Validated } from "~/lib/validation";
import { isPlacement, normalizeSource } from "~/domain/promotion/stats.server";
import type { PhoneStep, QuestionStep } from "./survey.server";

export const MAX_TEXT_ANSWER = 500;
export const MAX_PHONE_INPUT = 40;

type FormValue = string | string[] | undefined;
export type StepForm = Record<string, FormValue>;

const list = (v: FormValue): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const single = (v: FormValue): string | undefined => (Array.isArray(v) ? v[v.length - 1] : v);

/** The value stored in SurveyResponse.answers for a question (undefined: no answer). */
export type StoredAnswer = string | string[] | boolean | undefined;

export function questionSchema(step: QuestionStep): z.ZodType<{ answer: StoredAnswer }> {
  const byValue = new Map(step.options.map((o) => [o.value, o.label]));
  switch (step.type) {
    case "single_choice":
      return z.object({
        answer: z.preprocess(
          (v) => single(v as FormValue) || undefined,
          z
            .string()
            .optional()
            .refine((v) => v !== undefined || !step.required, "Choose one of the options to continue.")
            .refine((v) => v === undefined || byValue.has(v), "Choose one of the options shown.")
            .transform((v) => (v === undefined ? undefined : byValue.get(v)!)),
        ),
      });
    case "multi_choice":
      return z.object({
        answer: z.preprocess(
          (v) => list(v as FormValue),
          z
            .array(z.string())
            .refine((v) => v.length > 0 || !step.required, "Choose at least one option to continue.")
            .refine((v) => v.every((x) => byValue.has(x)), "Choose from the options shown.")
            .refine((v) => v.length <= step.options.length, "Choose from the options shown.")
            // Stored as labels in the survey's order, so the brief reads like the question.
            .transform((v) => {
              const picked = step.options.filter((o) => v.includes(o.value)).map((o) => o.label);
              return picked.length ? picked : undefined;
            }),
        ),
      });
    case "true_false":
      return z.object({
        answer: z.preprocess(
          (v) => single(v as FormValue) || undefined,
          z
            .string()
            .optional()
            .refine((v) => v !== undefined || !step.required, "Choose yes or no to continue.")
            .refine((v) => v === undefined || v === "true" || v === "false", "Choose yes or no.")
            .transform((v) => (v === undefined ? undefined : v === "true")),
        ),
      });
    case "short_text":
      return z.object({
        answer: z.preprocess(
          (v) => (single(v as FormValue) ?? "").replace(/\r\n/g, "\n").trim(),
          z
            .string()
            .max(MAX_TEXT_ANSWER, `Keep your answer under ${MAX_TEXT_ANSWER} characters.`)
            .refine((v) => v.length > 0 || !step.required, "Write a short answer to continue.")
            .transform((v) => (v === "" ? undefined : v)),
        ),
      });
  }
}

// Building a zod schema costs more than using it; steps of a published version are shared
// objects (survey.server.ts), so each one's schema is built once.
const schemas = new WeakMap<QuestionStep, z.ZodType<{ answer: StoredAnswer }>>();

export function validateQuestion(step: QuestionStep, form: StepForm): Validated<{ answer: StoredAnswer }> {
  let schema = schemas.get(step);
  if (!schema) schemas.set(step, (schema = questionSchema(step)));
  return validate(schema, { answer: form.answer });
}

/** A mobile number in E.164, from what the shopper typed (US numbers need no country code). */
export function normalizePhone(raw: string, defaultCountry: "US" = "US"): string | null {
  const parsed = parsePhoneNumberFromString(raw, defaultCountry);
  return parsed && parsed.isValid() ? parsed.number : null;
}

export const phoneSchema = (currentWordingVersion: number) =>
  z.object({
    phone: z.preprocess(
      (v) => (single(v as FormValue) ?? "").trim(),
      z
        .string()
        .min(1, "Enter your mobile number so your expert can text you.")
        .max(MAX_PHONE_INPUT, "That number is too long. Enter a mobile number like (555) 555-0123.")
        .transform((v, ctx) => {
          const e164 = normalizePhone(v);
          if (!e164) {
            ctx.addIssue({
              code: "custom",
              message: "Enter a valid mobile number, like (555) 555-0123. For numbers outside the US, start with + and the country code.",
            });
            return z.NEVER;
          }
          return e164;
        }),
    ),
    consent: z.preprocess(
      (v) => single(v as FormValue),
      z.literal("yes", { error: "Check the box to agree to texts. We can only text you with your permission." }),
    ),
    consentVersion: z.preprocess(
      (v) => Number(single(v as FormValue)),
      z.number().refine((v) => v === currentWordingVersion, "Our texting terms were just updated. Please read them and check the box again."),
    ),
  });

export function validatePhone(_step: PhoneStep, form: StepForm, currentWordingVersion: number) {
  return validate(phoneSchema(currentWordingVersion), { phone: form.phone, consent: form.consent, consentVersion: form.consent_version });
}

const trackingValue = z
  .string()
  .trim()
  .max(100)
  .transform((v) => v.replace(/[^\w .:@/+-]/g, "").slice(0, 100) || null);

/** Where the shopper came from: placement, source and UTM parameters, cleaned; bad values dropped. */
export function parseTracking(input: Record<string, FormValue>) {
  const value = (key: string) => {
    const parsed = trackingValue.safeParse(single(input[key]) ?? "");
    return parsed.success ? parsed.data : null;
  };
  const placement = single(input.placement);
  return {
    placement: isPlacement(placement) ? placement : null,
    source: normalizeSource(single(input.source) || single(input.utm_source)),
    utmSource: value("utm_source"),
    utmMedium: value("utm_medium"),
    utmCampaign: value("utm_campaign"),
    utmContent: value("utm_content"),
    utmTerm: value("utm_term"),
  };
}
export type Tracking = ReturnType<typeof parseTracking>;
