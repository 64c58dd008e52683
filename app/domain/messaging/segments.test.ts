import { describe, expect, it } from "vitest";
import { segmentInfo } from "./segments.server";

describe("segmentInfo", () => {
  it("fits 160 GSM-7 characters in one segment and splits at 161", () => {
    expect(segmentInfo("a".repeat(160))).toEqual({ segments: 1, encoding: "GSM-7", characters: 160, unicodeCharacters: [] });
    expect(segmentInfo("a".repeat(161))).toEqual({ segments: 2, encoding: "GSM-7", characters: 161, unicodeCharacters: [] });
    // Concatenated segments carry a header: 153 characters each.
    expect(segmentInfo("a".repeat(306)).segments).toBe(2);
    expect(segmentInfo("a".repeat(307)).segments).toBe(3);
  });

  it("counts GSM-7 extension characters twice", () => {
    expect(segmentInfo("€")).toMatchObject({ encoding: "GSM-7", characters: 2 });
    expect(segmentInfo("a".repeat(159) + "€").segments).toBe(2);
  });

  it("switches to UCS-2 for an emoji and names it", () => {
    const info = segmentInfo("Your serum shipped! 🎉 Enjoy 🎉");
    expect(info).toEqual({ segments: 1, encoding: "UCS-2", characters: 29, unicodeCharacters: ["🎉"] });
    // 70 UTF-16 units per UCS-2 segment; an emoji takes two of them.
    expect(segmentInfo("ł" + "a".repeat(69)).segments).toBe(1);
    expect(segmentInfo("ł" + "a".repeat(70)).segments).toBe(2);
    expect(segmentInfo("🎉" + "a".repeat(68)).segments).toBe(1);
    expect(segmentInfo("🎉" + "a".repeat(69)).segments).toBe(2);
  });

  it("switches to UCS-2 for smart quotes, unless smart encoding replaces them", () => {
    const body = "It’s “perfect” for dry skin";
    expect(segmentInfo(body)).toMatchObject({ encoding: "UCS-2", unicodeCharacters: ["’", "“", "”"] });
    expect(segmentInfo(body, { smartEncoding: true })).toMatchObject({ encoding: "GSM-7", unicodeCharacters: [] });
    // 100 plain characters plus one apostrophe: 1 segment as GSM-7, 2 as UCS-2.
    const long = "a".repeat(100) + "’";
    expect(segmentInfo(long).segments).toBe(2);
    expect(segmentInfo(long, { smartEncoding: true }).segments).toBe(1);
  });
});
