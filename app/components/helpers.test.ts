// The browser-side helpers of the inbox and template pages.
import { describe, expect, it } from "vitest";
import { takeSseEvents } from "./useLiveUpdates";
import { describeMessageStatus, parseMedia } from "./inbox/messageStatus";
import { segmentSummary } from "./inbox/SegmentCounter";
import { previewTemplate } from "./templates/templatePreview";
import { newClientKey } from "./clientKey";

describe("takeSseEvents", () => {
  it("returns complete events' data, skips comments, keeps a partial event for later", () => {
    const { events, rest } = takeSseEvents('retry: 3000\n: connected\n\ndata: {"a":1}\n\n: heartbeat\n\ndata: {"b"');
    expect(events).toEqual(['{"a":1}']);
    expect(rest).toBe('data: {"b"');
    expect(takeSseEvents(rest + ":2}\r\n\r\n").events).toEqual(['{"b":2}']);
  });
});

describe("message status words", () => {
  const base = { direction: "outbound", statusReason: null, heldUntil: null, errorCode: null };
  it("explains holds, blocks and failures", () => {
    const held = describeMessageStatus({ ...base, status: "held", statusReason: "quiet hours in America/Chicago; sends at 08:00", heldUntil: "2026-03-02T14:00:00.000Z" }, "America/Chicago");
    expect(held.label).toBe("Held");
    expect(held.detail).toMatch(/^Waiting for allowed hours: goes out Mar 2, 8:00\sAM\. Quiet hours in America\/Chicago; sends at 08:00\.$/);
    expect(describeMessageStatus({ ...base, status: "blocked", statusReason: "recipient has opted out" })).toMatchObject({ label: "Not sent", tone: "critical", detail: "Recipient has opted out." });
    expect(describeMessageStatus({ ...base, status: "undelivered", statusReason: "the carrier filtered it as spam", errorCode: 30007 }).detail).toBe("The carrier filtered it as spam (error 30007).");
    expect(describeMessageStatus({ ...base, status: "delivered" })).toMatchObject({ label: "Delivered", tone: "success" });
    expect(describeMessageStatus({ ...base, direction: "inbound", status: "received" }).label).toBe("Received");
  });

  it("reads inbound and outbound media shapes", () => {
    expect(parseMedia('[{"url":"https://m/1.jpg","contentType":"image/jpeg"}]')).toEqual([{ url: "https://m/1.jpg", contentType: "image/jpeg" }]);
    expect(parseMedia('["https://m/2.png"]')).toEqual([{ url: "https://m/2.png", contentType: null }]);
    expect(parseMedia("not json")).toEqual([]);
  });
});

describe("segment counter", () => {
  it("counts GSM-7 and names the characters that force UCS-2", () => {
    expect(segmentSummary("")).toBeNull();
    expect(segmentSummary("a".repeat(160))).toMatchObject({ segments: 1, encoding: "GSM-7", perSegment: 160 });
    expect(segmentSummary("a".repeat(161))).toMatchObject({ segments: 2, encoding: "GSM-7", perSegment: 153 });
    expect(segmentSummary("It’s here 😀")).toMatchObject({ encoding: "UCS-2", segments: 1, unicode: ["’", "😀"] });
  });
});

describe("template preview", () => {
  it("fills known variables and leaves unknown ones as typed", () => {
    expect(previewTemplate("Hi {{ shopper.first_name }}, {{x.y}}", { "shopper.first_name": "Jamie" })).toBe("Hi Jamie, {{x.y}}");
  });
});

describe("client keys", () => {
  it("are v4 UUIDs, different each time", () => {
    const a = newClientKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newClientKey()).not.toBe(a);
  });
});
