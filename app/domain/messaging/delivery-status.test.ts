import { describe, expect, it } from "vitest";
import {
  MESSAGE_STATUSES,
  TERMINAL_STATUSES,
  advanceStatus,
  describeErrorCode,
  isFailedStatus,
  isMessageStatus,
  isOptOutError,
  isTerminalStatus,
  type MessageStatus,
} from "./delivery-status.server";

const OUTBOUND_PATH: MessageStatus[] = ["scheduled", "accepted", "queued", "sending", "sent", "delivered", "read"];

describe("advanceStatus", () => {
  it("lists all twelve Twilio statuses", () => {
    expect([...MESSAGE_STATUSES].sort()).toEqual(
      ["accepted", "scheduled", "queued", "sending", "sent", "delivered", "undelivered", "failed", "read", "canceled", "receiving", "received"].sort(),
    );
  });

  it.each(MESSAGE_STATUSES)("takes %s as the first status", (status) => {
    expect(advanceStatus(null, status)).toBe(status);
  });

  it("moves forward along the outbound path, one step or many", () => {
    for (let i = 0; i < OUTBOUND_PATH.length; i++) {
      for (let j = 0; j < OUTBOUND_PATH.length; j++) {
        const expected = j > i ? OUTBOUND_PATH[j] : OUTBOUND_PATH[i];
        expect(advanceStatus(OUTBOUND_PATH[i], OUTBOUND_PATH[j]), `${OUTBOUND_PATH[i]} → ${OUTBOUND_PATH[j]}`).toBe(expected);
      }
    }
  });

  it.each(["undelivered", "failed"] as const)("reaches %s from any step before delivery, and it sticks", (end) => {
    for (const from of ["scheduled", "accepted", "queued", "sending", "sent"] as const) {
      expect(advanceStatus(from, end)).toBe(end);
    }
    for (const later of MESSAGE_STATUSES) expect(advanceStatus(end, later)).toBe(end);
  });

  it("keeps delivered against late failures, but lets read follow", () => {
    expect(advanceStatus("sent", "delivered")).toBe("delivered");
    for (const later of ["undelivered", "failed", "sent", "queued", "canceled", "sending"]) {
      expect(advanceStatus("delivered", later)).toBe("delivered");
    }
    expect(advanceStatus("delivered", "read")).toBe("read");
  });

  it("cancels only before sending, and canceled sticks", () => {
    for (const from of ["scheduled", "accepted", "queued"] as const) expect(advanceStatus(from, "canceled")).toBe("canceled");
    for (const from of ["sending", "sent"] as const) expect(advanceStatus(from, "canceled")).toBe(from);
    for (const later of MESSAGE_STATUSES) expect(advanceStatus("canceled", later)).toBe("canceled");
  });

  it("handles callbacks out of order: sent after delivered is ignored", () => {
    let status: MessageStatus | null = "queued";
    for (const incoming of ["delivered", "sending", "sent"]) status = advanceStatus(status, incoming);
    expect(status).toBe("delivered");
  });

  it("moves inbound messages receiving → received only", () => {
    expect(advanceStatus("receiving", "received")).toBe("received");
    expect(advanceStatus("received", "receiving")).toBe("received");
    expect(advanceStatus("receiving", "delivered")).toBe("receiving");
    expect(advanceStatus("sent", "received")).toBe("sent");
  });

  it("ignores unknown statuses and tolerates case and whitespace", () => {
    expect(advanceStatus("sent", "exploded")).toBe("sent");
    expect(advanceStatus(null, "exploded")).toBeNull();
    expect(advanceStatus("sent", " Delivered ")).toBe("delivered");
  });

  it("classifies statuses", () => {
    expect([...TERMINAL_STATUSES].sort()).toEqual(["canceled", "failed", "read", "received", "undelivered"]);
    expect(MESSAGE_STATUSES.filter(isTerminalStatus)).toHaveLength(5);
    expect(MESSAGE_STATUSES.filter(isFailedStatus)).toEqual(["undelivered", "failed"]);
    expect(isMessageStatus("queued")).toBe(true);
    expect(isMessageStatus("QUEUED")).toBe(false);
    expect(isMessageStatus(3)).toBe(false);
  });
});

describe("describeErrorCode", () => {
  it.each([
    [30001, "too many messages queued for this sender; try again later"],
    [30002, "sending account suspended"],
    [30003, "phone unreachable"],
    [30004, "blocked by the recipient or their carrier"],
    [30005, "number doesn't exist or is no longer in service"],
    [30006, "landline or carrier that can't receive texts"],
    [30007, "blocked by carrier filtering"],
    [30008, "unknown error from the carrier"],
    [21211, "invalid phone number"],
    [21408, "texting this country isn't enabled for the account"],
    [21610, "recipient has opted out"],
    [21612, "this number can't receive texts from this sender"],
    [21614, "not a mobile number"],
  ])("%i → %s (as number and as form string)", (code, words) => {
    expect(describeErrorCode(code)).toBe(words);
    expect(describeErrorCode(String(code))).toBe(words);
  });

  it("falls back to the code", () => {
    expect(describeErrorCode(30010)).toBe("delivery failed (error 30010)");
    expect(describeErrorCode("abc")).toBe("delivery failed (error abc)");
  });
});

describe("isOptOutError", () => {
  it("is true only for 21610", () => {
    expect(isOptOutError(21610)).toBe(true);
    expect(isOptOutError("21610")).toBe(true);
    for (const code of [30003, 30007, 21211, "", null, undefined, "x"]) expect(isOptOutError(code)).toBe(false);
  });
});
