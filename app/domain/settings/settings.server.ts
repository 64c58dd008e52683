// Program settings: on/off, time zone, quiet hours, consent wording, baseline conversion.
import { z } from "zod";
import type { Db } from "~/db.server";
import { validate } from "~/lib/validation";
import { getShop } from "~/domain/shops/shops.server";
import { currentConsentWording, missingDisclosures, saveConsentWording } from "./consent.server";

/** The widest window any send may use; merchants can only narrow it (TCPA and state rules). */
export const LEGAL_WINDOW = { start: 8 * 60, end: 21 * 60 } as const;

const timeZones = new Set(Intl.supportedValuesOf("timeZone"));

export const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

const clock = (label: string) =>
  z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${label} must be a time like 09:00`)
    .transform((v) => Number(v.slice(0, 2)) * 60 + Number(v.slice(3)));

export const settingsSchema = z
  .object({
    programEnabled: z.enum(["on", "off"], { error: "Choose on or off" }).transform((v) => v === "on"),
    timezone: z.string().refine((tz) => timeZones.has(tz), "Choose a time zone from the list"),
    quietHoursStart: clock("Start"),
    quietHoursEnd: clock("End"),
    consentText: z
      .string()
      .trim()
      .min(40, "The consent wording is too short to be compliant")
      .max(1200, "Keep the consent wording under 1,200 characters")
      .superRefine((text, ctx) => {
        const missing = missingDisclosures(text);
        if (missing.length) ctx.addIssue({ code: "custom", message: `The wording must include ${missing.join(", ")}` });
      }),
    baselineConversionPercent: z.coerce
      .number({ error: "Enter a number" })
      .min(0, "Must be between 0 and 100")
      .max(100, "Must be between 0 and 100"),
    helpText: z.string().trim().min(10, "Tell shoppers how to reach you").max(320, "Keep it to two SMS segments (320 characters)"),
  })
  .superRefine((v, ctx) => {
    if (v.quietHoursStart < LEGAL_WINDOW.start)
      ctx.addIssue({ code: "custom", path: ["quietHoursStart"], message: `Sending can't start before ${hhmm(LEGAL_WINDOW.start)}` });
    if (v.quietHoursEnd > LEGAL_WINDOW.end)
      ctx.addIssue({ code: "custom", path: ["quietHoursEnd"], message: `Sending must stop by ${hhmm(LEGAL_WINDOW.end)}` });
    if (v.quietHoursEnd <= v.quietHoursStart)
      ctx.addIssue({ code: "custom", path: ["quietHoursEnd"], message: "End must be after start" });
  });

export type SettingsInput = z.input<typeof settingsSchema>;

export async function loadSettings(db: Db, shop: string) {
  const [row, consent] = await Promise.all([getShop(db, shop), currentConsentWording(db, shop)]);
  return {
    programEnabled: row.programEnabled,
    timezone: row.timezone,
    quietHoursStart: hhmm(row.quietHoursStartMinute),
    quietHoursEnd: hhmm(row.quietHoursEndMinute),
    consentText: consent.text,
    consentVersion: consent.version,
    baselineConversionPercent: Math.round(row.baselineConversionRate * 10000) / 100,
    helpText: row.helpText,
  };
}

export async function saveSettings(db: Db, shop: string, input: unknown) {
  const parsed = validate(settingsSchema, input);
  if (!parsed.ok) return parsed;
  const v = parsed.data;
  const current = await getShop(db, shop);
  await db.$transaction(async (tx) => {
    await tx.shop.update({
      where: { shop },
      data: {
        programEnabled: v.programEnabled,
        timezone: v.timezone,
        timezoneSetByMerchant: v.timezone !== current.timezone || current.timezoneSetByMerchant,
        quietHoursStartMinute: v.quietHoursStart,
        quietHoursEndMinute: v.quietHoursEnd,
        baselineConversionRate: v.baselineConversionPercent / 100,
        helpText: v.helpText,
      },
    });
    await saveConsentWording(tx as unknown as Db, shop, v.consentText);
  });
  return { ok: true as const, settings: await loadSettings(db, shop) };
}
