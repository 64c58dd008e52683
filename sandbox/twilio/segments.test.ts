// Segment counting at the GSM-7 and UCS-2 boundaries, cross-checked with Twilio's own
// calculator (sms-segments-calculator, from TwilioDevEd).
import { SegmentedMessage } from "sms-segments-calculator";
import { describe, expect, it } from "vitest";
import { countSegments, smsEncoding } from "./segments";

const cases: [string, string, number][] = [
  ["empty", "", 1],
  ["GSM-7 160", "a".repeat(160), 1],
  ["GSM-7 161", "a".repeat(161), 2],
  ["GSM-7 306", "a".repeat(306), 2],
  ["GSM-7 307", "a".repeat(307), 3],
  ["extension chars take two septets", "€".repeat(81), 2],
  ["an extension char is not split across parts", "a".repeat(152) + "€" + "a".repeat(10), 2],
  ["accented GSM-7 letters", "é".repeat(160), 1],
  ["UCS-2 70", "ж".repeat(70), 1],
  ["UCS-2 71", "ж".repeat(71), 2],
  ["UCS-2 134", "ж".repeat(134), 2],
  ["UCS-2 135", "ж".repeat(135), 3],
  ["emoji are two UTF-16 units", "😀".repeat(36), 2],
  ["a surrogate pair is not split", "a".repeat(66) + "😀" + "a".repeat(10), 2],
];

describe("countSegments", () => {
  it.each(cases)("%s", (_name, body, expected) => {
    expect(countSegments(body)).toBe(expected);
    expect(countSegments(body)).toBe(new SegmentedMessage(body).segmentsCount);
  });

  it("detects the encoding", () => {
    expect(smsEncoding("Order #1001 is on its way!")).toBe("GSM-7");
    expect(smsEncoding("Hello! 👍")).toBe("UCS-2");
    expect(smsEncoding("`")).toBe("UCS-2");
  });
});
