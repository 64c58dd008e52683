import { describe, expect, it, beforeEach } from "vitest";
import {
  CANADIAN_PROVINCES,
  US_STATES,
  clearRecipientRegionCache,
  pickTimezone,
  recipientRegion,
  regionCodeFromGeocode,
  resolveRecipient,
  resolveRecipientTimezone,
} from "./recipient-region.server";

beforeEach(() => clearRecipientRegionCache());

describe("recipientRegion", () => {
  it.each([
    // number, country, state, zone (geocoder output in comments)
    ["+13055551234", "US", "FL", "America/New_York"], // Florida
    ["+12035551234", "US", "CT", "America/New_York"], // Connecticut
    ["+14105551234", "US", "MD", "America/New_York"], // Maryland
    ["+14055551234", "US", "OK", "America/Chicago"], // Oklahoma
    ["+12065551234", "US", "WA", "America/Los_Angeles"], // Washington State
    ["+12025551234", "US", "DC", "America/New_York"], // Washington D.C.
    ["+14155551234", "US", "CA", "America/Los_Angeles"], // San Francisco, CA
    ["+12125551234", "US", "NY", "America/New_York"], // New York, NY
    ["+13125551234", "US", "IL", "America/Chicago"], // Chicago, IL
    ["+13035551234", "US", "CO", "America/Denver"],
    ["+16025551234", "US", "AZ", "America/Phoenix"],
    ["+19075551234", "US", "AK", "America/Anchorage"], // Adak & Anchorage → primary
    ["+18085551234", "US", "HI", "Pacific/Honolulu"],
    ["+17755551234", "US", "NV", "America/Los_Angeles"], // Boise & Los_Angeles → primary
    ["+14165551234", "CA", "ON", "America/Toronto"],
    ["+16045551234", "CA", "BC", "America/Vancouver"],
    ["+15149876543", "CA", "QC", "America/Toronto"], // Montreal, QC
    ["+442071234567", "GB", null, "Europe/London"],
    ["+17875551234", "PR", null, "America/Puerto_Rico"],
  ])("%s → %s %s %s", async (phone, country, state, timezone) => {
    expect(await recipientRegion(phone)).toEqual({ country, state, timezone });
  });

  it("names London for a UK mobile whose zones all keep the same clock", async () => {
    expect((await recipientRegion("+447911123456")).timezone).toBe("Europe/London");
  });

  it("has no zone for a number that spans the continent (toll-free)", async () => {
    expect(await recipientRegion("+18005551234")).toEqual({ country: "US", state: null, timezone: null });
  });

  it.each(["", "not a phone", "+1", "12"])("is empty for %j", async (phone) => {
    expect(await recipientRegion(phone)).toEqual({ country: null, state: null, timezone: null });
  });

  it("returns the cached lookup for a repeated number", async () => {
    const first = recipientRegion("+13055551234");
    expect(recipientRegion("+13055551234")).toBe(first);
    await first;
  });
});

describe("regionCodeFromGeocode", () => {
  it("maps every US state and DC name", () => {
    const codes = new Set(Object.entries(US_STATES).map(([name]) => regionCodeFromGeocode(name, "US")));
    expect(codes.size).toBe(51);
    expect(regionCodeFromGeocode("Washington State", "US")).toBe("WA");
    expect(regionCodeFromGeocode("Washington D.C.", "US")).toBe("DC");
    expect(regionCodeFromGeocode("San Francisco, CA", "US")).toBe("CA");
    expect(regionCodeFromGeocode("Washington, DC", "US")).toBe("DC");
  });

  it("maps Canadian provinces and 'City, XX'", () => {
    for (const [name, code] of Object.entries(CANADIAN_PROVINCES)) expect(regionCodeFromGeocode(name, "CA")).toBe(code);
    expect(regionCodeFromGeocode("Montreal, QC", "CA")).toBe("QC");
  });

  it("doesn't guess across countries or for ambiguous descriptions", () => {
    expect(regionCodeFromGeocode("Georgia", "GE")).toBeNull();
    expect(regionCodeFromGeocode("Toronto, ON", "US")).toBeNull();
    expect(regionCodeFromGeocode("Nova Scotia/Prince Edward Island", "CA")).toBeNull();
    expect(regionCodeFromGeocode(null, "US")).toBeNull();
  });
});

describe("pickTimezone", () => {
  it("takes a single zone, skips invalid ones, and refuses to guess between clocks", () => {
    expect(pickTimezone(["America/Chicago"], null)).toBe("America/Chicago");
    expect(pickTimezone(["Not/AZone", "America/Chicago"], null)).toBe("America/Chicago");
    expect(pickTimezone(["America/Denver", "America/Phoenix"], null)).toBeNull();
    expect(pickTimezone(["America/Denver", "America/Phoenix"], "AZ")).toBe("America/Phoenix");
    expect(pickTimezone(null, "FL")).toBeNull();
  });
});

describe("resolveRecipientTimezone", () => {
  it("prefers the shopper's own zone", async () => {
    await expect(
      resolveRecipientTimezone({ shopperTimezone: "Europe/London", phone: "+13055551234", shopTimezone: "America/Chicago" }),
    ).resolves.toEqual({ timezone: "Europe/London", source: "shopper" });
  });

  it("falls back to the phone's zone, skipping an invalid shopper zone", async () => {
    await expect(
      resolveRecipientTimezone({ shopperTimezone: "Mars/Olympus", phone: "+12065551234", shopTimezone: "America/Chicago" }),
    ).resolves.toEqual({ timezone: "America/Los_Angeles", source: "phone" });
  });

  it("falls back to the shop's zone when the phone says nothing", async () => {
    await expect(
      resolveRecipientTimezone({ shopperTimezone: null, phone: "+18005551234", shopTimezone: "America/Chicago" }),
    ).resolves.toEqual({ timezone: "America/Chicago", source: "shop" });
    await expect(resolveRecipientTimezone({ phone: null, shopTimezone: "Europe/London" })).resolves.toEqual({
      timezone: "Europe/London",
      source: "shop",
    });
  });

  it("refuses an invalid shop zone rather than guessing", async () => {
    await expect(resolveRecipientTimezone({ phone: null, shopTimezone: "Eastern" })).rejects.toThrow(RangeError);
  });

  it("resolveRecipient bundles state and zone for the policy", async () => {
    await expect(resolveRecipient({ phone: "+13055551234", shopTimezone: "America/Chicago" })).resolves.toEqual({
      country: "US",
      state: "FL",
      timezone: "America/New_York",
      timezoneSource: "phone",
    });
  });
});
