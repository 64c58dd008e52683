import { describe, expect, it } from "vitest";
import {
  DEFAULT_SEND_WINDOW,
  EARLY_CUTOFF_SEND_WINDOW,
  allowedSendWindow,
  isValidTimeZone,
  isWithinSendWindow,
  legalSendWindow,
  localTimeLabel,
  nextAllowedSendAt,
  utcOffsetMs,
} from "./quiet-hours.server";

const HOUR = 3_600_000;
/** The instant a clock at `utcOffsetHours` shows `date` `time` (offsets written out by hand). */
function at(date: string, time: string, utcOffsetHours: number): Date {
  return new Date(Date.parse(`${date}T${time}Z`) - utcOffsetHours * HOUR);
}
const day = DEFAULT_SEND_WINDOW;

describe("nextAllowedSendAt", () => {
  // zone, winter offset (Jan 15 2026), summer offset (Jul 15 2026)
  const zones: [string, number, number][] = [
    ["America/New_York", -5, -4],
    ["America/Chicago", -6, -5],
    ["America/Denver", -7, -6],
    ["America/Phoenix", -7, -7],
    ["America/Los_Angeles", -8, -7],
    ["America/Anchorage", -9, -8],
    ["Pacific/Honolulu", -10, -10],
    ["Europe/London", 0, 1],
  ];

  describe.each(zones)("%s", (timezone, winter, summer) => {
    it.each([
      ["2026-01-15", "2026-01-16", winter],
      ["2026-07-15", "2026-07-16", summer],
    ])("on %s", (date, nextDate, offset) => {
      const next = (time: string) => nextAllowedSendAt({ now: at(date, time, offset), timezone, window: day });
      // Inside: unchanged, to the millisecond.
      for (const time of ["08:00:00", "12:00:00", "20:59:59.999"]) {
        expect(next(time)).toEqual(at(date, time, offset));
      }
      // Before 08:00: today 08:00. From 21:00: tomorrow 08:00.
      expect(next("00:00:00")).toEqual(at(date, "08:00:00", offset));
      expect(next("07:59:59")).toEqual(at(date, "08:00:00", offset));
      expect(next("21:00:00")).toEqual(at(nextDate, "08:00:00", offset));
      expect(next("23:59:30")).toEqual(at(nextDate, "08:00:00", offset));
    });
  });

  it("wraps midnight into the next month and year", () => {
    const now = at("2025-12-31", "23:59:00", -5);
    expect(nextAllowedSendAt({ now, timezone: "America/New_York", window: day })).toEqual(at("2026-01-01", "08:00:00", -5));
  });

  it("uses the new offset on the US spring-forward day (Mar 8 2026)", () => {
    const now = at("2026-03-07", "22:00:00", -5); // EST evening before
    expect(nextAllowedSendAt({ now, timezone: "America/New_York", window: day })).toEqual(at("2026-03-08", "08:00:00", -4));
    const justAfterJump = at("2026-03-08", "03:00:00", -4);
    expect(nextAllowedSendAt({ now: justAfterJump, timezone: "America/Chicago", window: day })).toEqual(
      at("2026-03-08", "08:00:00", -5),
    );
  });

  it("uses the new offset on the US fall-back day (Nov 1 2026), including inside the repeated hour", () => {
    const evening = at("2026-10-31", "22:00:00", -4); // EDT
    expect(nextAllowedSendAt({ now: evening, timezone: "America/New_York", window: day })).toEqual(
      at("2026-11-01", "08:00:00", -5),
    );
    const secondOneThirty = at("2026-11-01", "01:30:00", -5); // EST, second time 01:30 shows
    expect(nextAllowedSendAt({ now: secondOneThirty, timezone: "America/New_York", window: day })).toEqual(
      at("2026-11-01", "08:00:00", -5),
    );
  });

  it("handles the UK change day (Mar 29 2026)", () => {
    const now = at("2026-03-28", "22:00:00", 0);
    expect(nextAllowedSendAt({ now, timezone: "Europe/London", window: day })).toEqual(at("2026-03-29", "08:00:00", 1));
  });

  it("resolves a start skipped by the clocks to the moment they jump", () => {
    const window = { start: 2 * 60 + 30, end: 21 * 60 }; // 02:30 doesn't exist on Mar 8 2026 in New York
    const now = at("2026-03-08", "01:00:00", -5);
    expect(nextAllowedSendAt({ now, timezone: "America/New_York", window })).toEqual(at("2026-03-08", "03:00:00", -4));
  });

  it("takes the first of a repeated start time", () => {
    const window = { start: 60 + 30, end: 21 * 60 }; // 01:30 shows twice on Nov 1 2026 in New York
    const now = at("2026-11-01", "00:10:00", -4);
    expect(nextAllowedSendAt({ now, timezone: "America/New_York", window })).toEqual(at("2026-11-01", "01:30:00", -4));
  });

  it("rejects a malformed window", () => {
    expect(() =>
      nextAllowedSendAt({ now: new Date(), timezone: "America/New_York", window: { start: 600, end: 600 } }),
    ).toThrow(RangeError);
  });
});

describe("isWithinSendWindow", () => {
  it("is inclusive at the start and exclusive at the end", () => {
    const timezone = "America/Denver";
    expect(isWithinSendWindow({ now: at("2026-01-15", "08:00:00", -7), timezone, window: day })).toBe(true);
    expect(isWithinSendWindow({ now: at("2026-01-15", "07:59:59", -7), timezone, window: day })).toBe(false);
    expect(isWithinSendWindow({ now: at("2026-01-15", "20:59:59", -7), timezone, window: day })).toBe(true);
    expect(isWithinSendWindow({ now: at("2026-01-15", "21:00:00", -7), timezone, window: day })).toBe(false);
  });
});

describe("legalSendWindow / allowedSendWindow", () => {
  it.each(["FL", "CT", "MD", "OK", "WA"])("ends at 20:00 in %s", (state) => {
    expect(legalSendWindow({ country: "US", state })).toEqual(EARLY_CUTOFF_SEND_WINDOW);
    expect(EARLY_CUTOFF_SEND_WINDOW).toEqual({ start: 480, end: 1200 });
  });

  it.each([
    ["US", "NY"],
    ["US", "TX"],
    ["US", "DC"],
    ["CA", "ON"],
    ["GB", null],
    [null, null],
  ])("ends at 21:00 for %s %s", (country, state) => {
    expect(legalSendWindow({ country, state })).toEqual({ start: 480, end: 1260 });
  });

  it("takes the stricter window for a US number of unknown state", () => {
    expect(legalSendWindow({ country: "US", state: null })).toEqual(EARLY_CUTOFF_SEND_WINDOW);
  });

  it("lets the shop narrow, never widen", () => {
    const ny = { country: "US", state: "NY" };
    expect(allowedSendWindow({ ...ny, shopWindow: { start: 600, end: 1080 } })).toEqual({ start: 600, end: 1080 });
    expect(allowedSendWindow({ ...ny, shopWindow: { start: 420, end: 1320 } })).toEqual({ start: 480, end: 1260 });
    expect(allowedSendWindow({ ...ny, shopWindow: { start: 540, end: 1320 } })).toEqual({ start: 540, end: 1260 });
    const fl = { country: "US", state: "FL" };
    expect(allowedSendWindow({ ...fl, shopWindow: { start: 540, end: 1230 } })).toEqual({ start: 540, end: 1200 });
  });

  it("ignores a shop window that wraps midnight, is malformed or leaves nothing", () => {
    const ny = { country: "US", state: "NY" };
    for (const shopWindow of [
      { start: 1320, end: 360 },
      { start: 600, end: 1500 },
      { start: 1290, end: 1380 },
      { start: 600.5, end: 700 },
      null,
    ]) {
      expect(allowedSendWindow({ ...ny, shopWindow })).toEqual({ start: 480, end: 1260 });
    }
  });
});

describe("helpers", () => {
  it("labels local time and offsets", () => {
    expect(localTimeLabel(at("2026-07-15", "08:05:00", -7), "America/Los_Angeles")).toBe("08:05");
    expect(localTimeLabel(at("2026-07-15", "00:00:00", 1), "Europe/London")).toBe("00:00");
    expect(utcOffsetMs("America/New_York", Date.parse("2026-01-15T12:00:00Z"))).toBe(-5 * HOUR);
    expect(utcOffsetMs("America/New_York", Date.parse("2026-07-15T12:00:00Z"))).toBe(-4 * HOUR);
    expect(isValidTimeZone("America/Phoenix")).toBe(true);
    expect(isValidTimeZone("EST5EDT-ish")).toBe(false);
  });
});
