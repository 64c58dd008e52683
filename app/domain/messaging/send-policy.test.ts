import { describe, expect, it } from "vitest";
import { resolveRecipient } from "./recipient-region.server";
import { evaluateSendPolicy, MESSAGE_KINDS, type MessageKind, type SendPolicyInput } from "./send-policy.server";

const HOUR = 3_600_000;
const MINUTE = 60_000;
function at(date: string, time: string, utcOffsetHours: number): Date {
  return new Date(Date.parse(`${date}T${time}Z`) - utcOffsetHours * HOUR);
}

const newYork = { timezone: "America/New_York", country: "US", state: "NY" };

function input(overrides: Partial<SendPolicyInput>): SendPolicyInput {
  return {
    now: at("2026-01-15", "12:00:00", -5),
    kind: "expert",
    hasConsentRecord: true,
    lastInboundAt: null,
    optedOut: false,
    recipient: newYork,
    shopWindow: null,
    ...overrides,
  };
}

describe("evaluateSendPolicy: consent", () => {
  it("blocks without a consent record or an inbound text", () => {
    for (const kind of ["expert", "automation", "intro", "recommendation", "followup"] as const) {
      expect(evaluateSendPolicy(input({ kind, hasConsentRecord: false }))).toEqual({
        decision: "block",
        reason: "no SMS consent on record",
        code: "no_consent",
      });
    }
  });

  it("accepts a shopper who texted first as consent", () => {
    const lastInboundAt = at("2025-12-01", "12:00:00", -5);
    expect(evaluateSendPolicy(input({ hasConsentRecord: false, lastInboundAt }))).toEqual({ decision: "send" });
  });

  it("checks consent before opt-out", () => {
    expect(evaluateSendPolicy(input({ hasConsentRecord: false, optedOut: true }))).toMatchObject({ code: "no_consent" });
  });

  it("lets keyword replies answer the shopper's keyword regardless", () => {
    for (const kind of ["help_reply", "optin_confirmation", "optout_confirmation"] as const) {
      expect(evaluateSendPolicy(input({ kind, hasConsentRecord: false }))).toEqual({ decision: "send" });
    }
  });
});

describe("evaluateSendPolicy: opt-out", () => {
  it.each(MESSAGE_KINDS.filter((kind) => kind !== "optout_confirmation"))("blocks %s to an opted-out shopper", (kind) => {
    expect(evaluateSendPolicy(input({ kind, optedOut: true, lastInboundAt: input({}).now }))).toEqual({
      decision: "block",
      reason: "recipient has opted out",
      code: "opted_out",
    });
  });

  it("sends the opt-out confirmation, even in quiet hours", () => {
    const now = at("2026-01-15", "23:30:00", -5);
    expect(evaluateSendPolicy(input({ now, kind: "optout_confirmation", optedOut: true }))).toEqual({ decision: "send" });
  });
});

describe("evaluateSendPolicy: quiet hours by zone", () => {
  // zone, offset on 2026-01-15 (hand-written so the test doesn't trust the code's own maths)
  const zones: [string, number][] = [
    ["America/New_York", -5],
    ["America/Chicago", -6],
    ["America/Denver", -7],
    ["America/Phoenix", -7],
    ["America/Los_Angeles", -8],
    ["America/Anchorage", -9],
    ["Pacific/Honolulu", -10],
    ["Europe/London", 0],
  ];

  it.each(zones)("%s: sends at noon, holds at 07:30 and 21:30 local", (timezone, offset) => {
    const inUk = timezone === "Europe/London";
    const recipient = { timezone, country: inUk ? "GB" : "US", state: inUk ? null : "TX" };
    const policy = (time: string, date = "2026-01-15") =>
      evaluateSendPolicy(input({ now: at(date, time, offset), kind: "followup", recipient }));
    expect(policy("12:00:00")).toEqual({ decision: "send" });
    expect(policy("07:30:00")).toEqual({
      decision: "hold",
      until: at("2026-01-15", "08:00:00", offset),
      reason: `quiet hours in ${timezone}; sends at 08:00`,
      code: "quiet_hours",
    });
    expect(policy("21:30:00")).toMatchObject({ decision: "hold", until: at("2026-01-16", "08:00:00", offset) });
    expect(policy("20:59:00")).toEqual({ decision: "send" });
  });

  it("holds across the spring-forward change to 08:00 on the new offset", () => {
    const now = at("2026-03-08", "00:30:00", -5);
    expect(evaluateSendPolicy(input({ now, kind: "intro" }))).toEqual({
      decision: "hold",
      until: at("2026-03-08", "08:00:00", -4),
      reason: "quiet hours in America/New_York; sends at 08:00",
      code: "quiet_hours",
    });
  });
});

describe("evaluateSendPolicy: 20:00 states (numbers looked up from their area codes)", () => {
  const shopTimezone = "America/Chicago";
  it.each([
    ["+13055551234", "FL", "America/New_York", -5],
    ["+12035551234", "CT", "America/New_York", -5],
    ["+14105551234", "MD", "America/New_York", -5],
    ["+14055551234", "OK", "America/Chicago", -6],
    ["+12065551234", "WA", "America/Los_Angeles", -8],
  ])("%s (%s) is held at 20:30 local until 08:00, sends at 19:59", async (phone, state, timezone, offset) => {
    const recipient = await resolveRecipient({ phone, shopTimezone });
    expect(recipient).toMatchObject({ state, timezone });
    const at2030 = evaluateSendPolicy(input({ now: at("2026-01-15", "20:30:00", offset), kind: "automation", recipient }));
    expect(at2030).toEqual({
      decision: "hold",
      until: at("2026-01-16", "08:00:00", offset),
      reason: `quiet hours in ${timezone}; sends at 08:00`,
      code: "quiet_hours",
    });
    const at2000 = evaluateSendPolicy(input({ now: at("2026-01-15", "20:00:00", offset), kind: "automation", recipient }));
    expect(at2000).toMatchObject({ decision: "hold" });
    const at1959 = evaluateSendPolicy(input({ now: at("2026-01-15", "19:59:00", offset), kind: "automation", recipient }));
    expect(at1959).toEqual({ decision: "send" });
  });

  it.each([
    ["+12125551234", "America/New_York", -5],
    ["+13125551234", "America/Chicago", -6],
    ["+14155551234", "America/Los_Angeles", -8],
  ])("%s (not a 20:00 state) sends at 20:30 local", async (phone, timezone, offset) => {
    const recipient = await resolveRecipient({ phone, shopTimezone });
    expect(recipient.timezone).toBe(timezone);
    const decision = evaluateSendPolicy(input({ now: at("2026-01-15", "20:30:00", offset), kind: "automation", recipient }));
    expect(decision).toEqual({ decision: "send" });
  });

  it("applies the state's 20:00 rule in the shopper's own zone", async () => {
    const recipient = await resolveRecipient({ phone: "+13055551234", shopperTimezone: "America/Chicago", shopTimezone });
    const decision = evaluateSendPolicy(input({ now: at("2026-01-15", "20:15:00", -6), kind: "followup", recipient }));
    expect(decision).toMatchObject({ decision: "hold", until: at("2026-01-16", "08:00:00", -6), reason: expect.stringContaining("America/Chicago") });
  });
});

describe("evaluateSendPolicy: 24-hour reply exception", () => {
  const now = at("2026-01-15", "23:30:00", -5);
  const held = { decision: "hold", until: at("2026-01-16", "08:00:00", -5) };

  it.each(["expert", "recommendation"] as const)("lets %s go at 23:30 when the shopper texted 23h59m ago", (kind) => {
    const lastInboundAt = new Date(now.getTime() - 23 * HOUR - 59 * MINUTE);
    expect(evaluateSendPolicy(input({ now, kind, lastInboundAt }))).toEqual({ decision: "send" });
  });

  it.each(["expert", "recommendation"] as const)("holds %s when the shopper texted 24h01m ago", (kind) => {
    const lastInboundAt = new Date(now.getTime() - 24 * HOUR - MINUTE);
    expect(evaluateSendPolicy(input({ now, kind, lastInboundAt }))).toMatchObject(held);
  });

  it.each(["automation", "intro", "followup"] as const)("holds %s even right after the shopper texted", (kind) => {
    const lastInboundAt = new Date(now.getTime() - MINUTE);
    expect(evaluateSendPolicy(input({ now, kind, lastInboundAt }))).toMatchObject(held);
  });

  it.each(["help_reply", "optin_confirmation"] as const)("sends %s at 03:00", (kind) => {
    const threeAm = at("2026-01-15", "03:00:00", -5);
    expect(evaluateSendPolicy(input({ now: threeAm, kind, lastInboundAt: threeAm }))).toEqual({ decision: "send" });
  });
});

describe("evaluateSendPolicy: merchant hours", () => {
  const shopWindow = { start: 10 * 60, end: 18 * 60 };

  it("holds inside the legal window but outside the shop's", () => {
    const kind: MessageKind = "followup";
    expect(evaluateSendPolicy(input({ now: at("2026-01-15", "09:00:00", -5), kind, shopWindow }))).toEqual({
      decision: "hold",
      until: at("2026-01-15", "10:00:00", -5),
      reason: "quiet hours in America/New_York; sends at 10:00",
      code: "quiet_hours",
    });
    expect(evaluateSendPolicy(input({ now: at("2026-01-15", "18:30:00", -5), kind, shopWindow }))).toMatchObject({
      until: at("2026-01-16", "10:00:00", -5),
    });
    expect(evaluateSendPolicy(input({ now: at("2026-01-15", "17:59:00", -5), kind, shopWindow }))).toEqual({
      decision: "send",
    });
  });

  it("can't widen the legal window", () => {
    const wide = { start: 6 * 60, end: 23 * 60 };
    expect(evaluateSendPolicy(input({ now: at("2026-01-15", "07:00:00", -5), kind: "followup", shopWindow: wide }))).toMatchObject({
      until: at("2026-01-15", "08:00:00", -5),
    });
    expect(evaluateSendPolicy(input({ now: at("2026-01-15", "22:00:00", -5), kind: "followup", shopWindow: wide }))).toMatchObject({
      decision: "hold",
    });
  });
});
