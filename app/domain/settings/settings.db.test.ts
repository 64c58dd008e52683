import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { sha256 } from "~/lib/crypto.server";
import { adminRequest, callRoute, installShop, uniqueShop } from "../../../test/helpers";
import * as settingsRoute from "~/routes/app.settings";
import { DEFAULT_CONSENT_WORDING } from "./consent.server";
import { loadSettings, saveSettings } from "./settings.server";

// The first version is the default wording, with the shop's name (none yet: "this store").
const WORDING = DEFAULT_CONSENT_WORDING.replace("{shop_name}", "this store");

const valid = {
  programEnabled: "on",
  timezone: "America/Chicago",
  quietHoursStart: "09:00",
  quietHoursEnd: "20:30",
  consentText: WORDING,
  baselineConversionPercent: "2.5",
  helpText: "Lumen & Leaf experts: reply with your question, or call 555-0100. Reply STOP to cancel.",
};

describe("settings", () => {
  it("saves every setting and reads it back", async () => {
    const { domain } = uniqueShop();
    const result = await saveSettings(db, domain, valid);
    expect(result.ok).toBe(true);
    expect(await loadSettings(db, domain)).toMatchObject({
      programEnabled: true,
      timezone: "America/Chicago",
      quietHoursStart: "09:00",
      quietHoursEnd: "20:30",
      baselineConversionPercent: 2.5,
      consentVersion: 1,
    });
    expect((await db.shop.findUniqueOrThrow({ where: { shop: domain } })).timezoneSetByMerchant).toBe(true);
  });

  it("versions the consent wording: a change is a new version with its hash, the same text is not", async () => {
    const { domain } = uniqueShop();
    await saveSettings(db, domain, valid);
    await saveSettings(db, domain, valid);
    const changed = `${WORDING} Up to 6 msgs/month.`;
    await saveSettings(db, domain, { ...valid, consentText: changed });
    const versions = await db.consentWording.findMany({ where: { shop: domain }, orderBy: { version: "asc" } });
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1]).toMatchObject({ text: changed, hash: sha256(changed) });
  });

  it.each([
    [{ quietHoursStart: "07:30" }, "quietHoursStart", "can't start before 08:00"],
    [{ quietHoursEnd: "21:30" }, "quietHoursEnd", "must stop by 21:00"],
    [{ quietHoursStart: "12:00", quietHoursEnd: "11:00" }, "quietHoursEnd", "End must be after start"],
    [{ quietHoursStart: "9am" }, "quietHoursStart", "time like 09:00"],
    [{ timezone: "Mars/Olympus" }, "timezone", "time zone"],
    [{ baselineConversionPercent: "140" }, "baselineConversionPercent", "between 0 and 100"],
    [{ consentText: WORDING.replace("Consent is not a condition of purchase. ", "") }, "consentText", "not a condition of purchase"],
    [{ consentText: WORDING.replace("Reply HELP for help, STOP to cancel.", "") }, "consentText", "STOP"],
  ])("rejects %o with a message on %s, storing nothing", async (patch, field, message) => {
    const { domain } = uniqueShop();
    const result = await saveSettings(db, domain, { ...valid, ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field]).toContain(message);
    expect(await db.consentWording.count({ where: { shop: domain } })).toBe(0);
    expect(await db.shop.count({ where: { shop: domain } })).toBe(0);
  });

  it("answers 422 with field errors through the admin route", async () => {
    const shop = uniqueShop();
    await installShop(shop.domain);
    const body = new URLSearchParams({ ...valid, quietHoursEnd: "23:00" });
    const res = await callRoute(
      settingsRoute.action,
      await adminRequest("/app/settings", shop.name, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
    );
    expect(res.status).toBe(422);
    expect((await res.json()).errors.quietHoursEnd).toBe("Sending must stop by 21:00");
  });
});
