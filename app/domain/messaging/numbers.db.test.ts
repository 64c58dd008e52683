// Numbers against the Twilio stand-in, reached the way production reaches Twilio: the real
// twilioClient() talking to api.twilio.com, redirected at the process edge.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { inboundWebhookUrl, twilioClient } from "~/integrations/twilio/client.server";
import { routeTwilioTo, standInTwilioClient, type TwilioStandIn } from "../../../test/stand-ins";
import { ACCOUNT_SID, AUTH_TOKEN, startTwilioStandIn } from "../../../test/messaging";
import { uniqueShop } from "../../../test/helpers";
import {
  assignNumber,
  buyNumber,
  listSenders,
  releaseNumber,
  saveMessagingService,
  searchAvailableNumbers,
  type AvailableNumber,
} from "./numbers.server";

let twilio: TwilioStandIn;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  await routeTwilioTo(twilio.url);
});
afterAll(async () => twilio?.close());

const SMS_URL = "https://my-test-app.myshopify.io/twilio/inbound";

async function shopWithExpert(name = "Ava Brooks") {
  const shop = uniqueShop().domain;
  await db.shop.create({ data: { shop } });
  const expert = await db.expert.create({ data: { shop, name } });
  return { shop, expert };
}

/** A search result no test (in this file or another sharing the database) has stored yet. */
async function freshNumber(search: { country?: "US" | "CA"; type?: "local" | "toll_free"; areaCode?: string } = {}) {
  const found = await searchAvailableNumbers(twilioClient(), { country: "US", type: "local", ...search });
  if (!found.ok) throw new Error(JSON.stringify(found.errors));
  const stored = new Set((await db.senderNumber.findMany({ select: { phoneNumber: true } })).map((s) => s.phoneNumber));
  const pick = found.numbers.find((n) => !stored.has(n.phoneNumber));
  if (!pick) throw new Error("no fresh number");
  return pick.phoneNumber;
}

const atStandIn = (phoneNumber: string) => twilio.store.incomingPhoneNumbers.filter((n) => n.phoneNumber === phoneNumber);

describe("searchAvailableNumbers", () => {
  it("finds SMS-capable local numbers in an area code, at most 20", async () => {
    const result = await searchAvailableNumbers(twilioClient(), { country: "US", type: "local", areaCode: "415" });
    expect(result.ok).toBe(true);
    const numbers = (result as { numbers: AvailableNumber[] }).numbers;
    expect(numbers.length).toBe(20);
    for (const n of numbers) {
      expect(n.phoneNumber).toMatch(/^\+1415\d{7}$/);
      expect(n).toMatchObject({ locality: "San Francisco", region: "CA", capabilities: { sms: true } });
      expect(n.friendlyName).toMatch(/^\(415\) /);
    }
  });

  it("narrows by a Contains pattern, and searches Canada", async () => {
    const contains = await searchAvailableNumbers(twilioClient(), { country: "US", type: "local", areaCode: "212", contains: "555014*" });
    expect(contains.ok && contains.numbers.map((n) => n.phoneNumber)).toEqual(Array.from({ length: 10 }, (_, i) => `+121255501${40 + i}`));
    const canada = await searchAvailableNumbers(twilioClient(), { country: "CA", type: "local", areaCode: "416", contains: "" });
    expect(canada.ok && canada.numbers[0]).toMatchObject({ locality: "Toronto", region: "ON" });
  });

  it("finds toll-free numbers", async () => {
    const result = await searchAvailableNumbers(twilioClient(), { country: "US", type: "toll_free", areaCode: "888" });
    expect(result.ok && result.numbers.length).toBe(20);
    expect(result.ok && result.numbers.every((n) => /^\+1888\d{7}$/.test(n.phoneNumber) && n.locality === null)).toBe(true);
  });

  it("answers field errors for a bad area code, pattern or country", async () => {
    const result = await searchAvailableNumbers(twilioClient(), { country: "MX", type: "mobile", areaCode: "41", contains: "12345678" });
    expect(result.ok).toBe(false);
    expect(Object.keys(!result.ok ? result.errors : {}).sort()).toEqual(["areaCode", "contains", "country", "type"]);
    const symbols = await searchAvailableNumbers(twilioClient(), { country: "US", type: "local", contains: "55-01" });
    expect(!symbols.ok && symbols.errors.contains).toMatch(/7 digits, letters or \*/);
  });
});

describe("buyNumber", () => {
  it("buys the number pointed at the app's inbound webhook, and gives it to the expert", async () => {
    const { shop, expert } = await shopWithExpert();
    const phoneNumber = await freshNumber({ areaCode: "415" });
    expect(inboundWebhookUrl()).toBe(SMS_URL);

    const result = await buyNumber(db, twilioClient(), shop, { phoneNumber, type: "local", expertId: expert.id, smsUrl: inboundWebhookUrl() });
    expect(result.ok).toBe(true);

    const [bought] = atStandIn(phoneNumber);
    expect(bought).toMatchObject({ smsUrl: SMS_URL, smsMethod: "POST", type: "local" });
    expect(bought!.friendlyName).toContain(shop);
    const row = await db.senderNumber.findUniqueOrThrow({ where: { phoneNumber } });
    expect(row).toMatchObject({ shop, twilioSid: bought!.sid, kind: "long_code", mps: null, expertId: expert.id });
    expect(await listSenders(db, shop)).toEqual([
      { id: row.id, phoneNumber, twilioSid: bought!.sid, kind: "long_code", mps: 1, mpsIsDefault: true, expertId: expert.id, expertName: "Ava Brooks" },
    ]);
  });

  it("stores a toll-free number as toll_free at its default 3 MPS, shared when no expert is chosen", async () => {
    const { shop } = await shopWithExpert();
    const phoneNumber = await freshNumber({ type: "toll_free", areaCode: "877" });
    const result = await buyNumber(db, twilioClient(), shop, { phoneNumber, type: "toll_free", expertId: "", smsUrl: SMS_URL });
    expect(result.ok).toBe(true);
    expect(await listSenders(db, shop)).toMatchObject([{ phoneNumber, kind: "toll_free", mps: 3, expertId: null, expertName: null }]);
  });

  it("refuses a second number for an expert, before buying anything", async () => {
    const { shop, expert } = await shopWithExpert();
    const first = await freshNumber({ areaCode: "312" });
    expect((await buyNumber(db, twilioClient(), shop, { phoneNumber: first, type: "local", expertId: expert.id, smsUrl: SMS_URL })).ok).toBe(true);

    const second = await freshNumber({ areaCode: "312" });
    const result = await buyNumber(db, twilioClient(), shop, { phoneNumber: second, type: "local", expertId: expert.id, smsUrl: SMS_URL });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.expertId).toContain(`Ava Brooks already has ${first}`);
    expect(atStandIn(second)).toHaveLength(0);
    expect(await db.senderNumber.count({ where: { shop } })).toBe(1);
  });

  it("refuses another shop's expert, and an unknown one", async () => {
    const { shop } = await shopWithExpert();
    const other = await shopWithExpert("Someone Else");
    const phoneNumber = await freshNumber({ areaCode: "512" });
    for (const expertId of [other.expert.id, "no-such-expert"]) {
      const result = await buyNumber(db, twilioClient(), shop, { phoneNumber, type: "local", expertId, smsUrl: SMS_URL });
      expect(!result.ok && result.errors.expertId).toBe("Choose an expert from this shop");
    }
    expect(atStandIn(phoneNumber)).toHaveLength(0);
    expect(await db.senderNumber.findUnique({ where: { phoneNumber } })).toBeNull();
  });

  it("is a no-op when the shop buys the same number again; another shop can't take it", async () => {
    const { shop } = await shopWithExpert();
    const phoneNumber = await freshNumber({ areaCode: "305" });
    const input = { phoneNumber, type: "local", expertId: null, smsUrl: SMS_URL };
    const first = await buyNumber(db, twilioClient(), shop, input);
    const again = await buyNumber(db, twilioClient(), shop, input);
    expect(first.ok && again.ok && again.alreadyOwned && again.sender.id === first.sender.id).toBe(true);
    expect(atStandIn(phoneNumber)).toHaveLength(1);

    const other = await shopWithExpert();
    const stolen = await buyNumber(db, twilioClient(), other.shop, input);
    expect(!stolen.ok && stolen.errors.phoneNumber).toBe("That number belongs to another shop");
    expect(await db.senderNumber.count({ where: { phoneNumber } })).toBe(1);
  });

  it("turns a Twilio refusal into a clear message and stores nothing", async () => {
    const { shop, expert } = await shopWithExpert();
    const phoneNumber = await freshNumber({ areaCode: "206" });
    // Someone else bought it between the search and the click.
    await standInTwilioClient(twilio.url, ACCOUNT_SID, AUTH_TOKEN).incomingPhoneNumbers.create({ phoneNumber });
    const result = await buyNumber(db, twilioClient(), shop, { phoneNumber, type: "local", expertId: expert.id, smsUrl: SMS_URL });
    expect(!result.ok && result.errors.form).toBe("That number is no longer available. Search again and pick another.");
    expect(await db.senderNumber.count({ where: { shop } })).toBe(0);
  });

  it("validates its input", async () => {
    const { shop } = await shopWithExpert();
    const result = await buyNumber(db, twilioClient(), shop, { phoneNumber: "415-555-0100", type: "mobile", expertId: null, smsUrl: SMS_URL });
    expect(Object.keys(!result.ok ? result.errors : {}).sort()).toEqual(["phoneNumber", "type"]);
  });
});

describe("assignNumber", () => {
  it("moves numbers between experts, one number per expert, within the shop", async () => {
    const { shop, expert: ava } = await shopWithExpert();
    const ben = await db.expert.create({ data: { shop, name: "Ben Ortiz" } });
    // Each is picked after the one before is stored, so they differ.
    const a = await freshNumber({ areaCode: "416", country: "CA" });
    const boughtA = await buyNumber(db, twilioClient(), shop, { phoneNumber: a, type: "local", expertId: ava.id, smsUrl: SMS_URL });
    const b = await freshNumber({ areaCode: "416", country: "CA" });
    const boughtB = await buyNumber(db, twilioClient(), shop, { phoneNumber: b, type: "local", expertId: null, smsUrl: SMS_URL });
    const [senderA, senderB] = [boughtA, boughtB].map((r) => (r.ok && !r.alreadyOwned ? r.sender.id : ""));

    const taken = await assignNumber(db, shop, senderB!, ava.id);
    expect(!taken.ok && taken.errors.expertId).toContain("Ava Brooks already has");
    expect((await assignNumber(db, shop, senderB!, ben.id)).ok).toBe(true);
    expect((await assignNumber(db, shop, senderA!, ava.id)).ok).toBe(true); // reassigning to the same expert is fine
    expect((await assignNumber(db, shop, senderA!, null)).ok).toBe(true);
    expect((await listSenders(db, shop)).map((s) => [s.phoneNumber, s.expertName])).toEqual([
      [a, null],
      [b, "Ben Ortiz"],
    ]);

    const other = await shopWithExpert();
    const foreignExpert = await assignNumber(db, shop, senderA!, other.expert.id);
    expect(!foreignExpert.ok && foreignExpert.errors.expertId).toBe("Choose an expert from this shop");
    const foreignSender = await assignNumber(db, other.shop, senderA!, other.expert.id);
    expect(!foreignSender.ok && foreignSender.errors.senderId).toBe("That number isn't one of this shop's");
    expect((await db.senderNumber.findUniqueOrThrow({ where: { id: senderA! } })).expertId).toBeNull();
  });
});

describe("releaseNumber", () => {
  it("releases at Twilio, then forgets the number; only the owning shop can", async () => {
    const { shop, expert } = await shopWithExpert();
    const phoneNumber = await freshNumber({ areaCode: "604", country: "CA" });
    const bought = await buyNumber(db, twilioClient(), shop, { phoneNumber, type: "local", expertId: expert.id, smsUrl: SMS_URL });
    const senderId = bought.ok ? bought.sender.id : "";

    const other = await shopWithExpert();
    const foreign = await releaseNumber(db, twilioClient(), other.shop, senderId);
    expect(foreign.ok).toBe(false);
    expect(atStandIn(phoneNumber)).toHaveLength(1);

    expect(await releaseNumber(db, twilioClient(), shop, senderId)).toEqual({ ok: true, released: phoneNumber });
    expect(atStandIn(phoneNumber)).toHaveLength(0);
    expect(await db.senderNumber.findUnique({ where: { id: senderId } })).toBeNull();
  });

  it("still forgets the number when Twilio no longer has it (404)", async () => {
    const { shop } = await shopWithExpert();
    const phoneNumber = await freshNumber({ areaCode: "415" });
    const bought = await buyNumber(db, twilioClient(), shop, { phoneNumber, type: "local", expertId: null, smsUrl: SMS_URL });
    const sender = bought.ok ? bought.sender : null;
    await standInTwilioClient(twilio.url, ACCOUNT_SID, AUTH_TOKEN).incomingPhoneNumbers(sender!.twilioSid!).remove();

    expect((await releaseNumber(db, twilioClient(), shop, sender!.id)).ok).toBe(true);
    expect(await db.senderNumber.count({ where: { shop } })).toBe(0);
  });

  it("keeps the row when Twilio refuses the release", async () => {
    const { shop } = await shopWithExpert();
    const sender = await db.senderNumber.create({ data: { shop, phoneNumber: `+1555${Date.now().toString().slice(-7)}`, twilioSid: `PN${"0".repeat(31)}1` } });
    // Wrong credentials: Twilio answers 401, which is not "gone", so the number is kept.
    const wrong = standInTwilioClient(twilio.url, ACCOUNT_SID, "wrong_token_000000000000");
    const result = await releaseNumber(db, wrong, shop, sender.id);
    expect(!result.ok && result.errors.form).toMatch(/^Twilio refused to release/);
    expect(await db.senderNumber.count({ where: { id: sender.id } })).toBe(1);
  });
});

describe("saveMessagingService", () => {
  it("validates the SID and MPS, saves, clears, and keeps a service to one shop", async () => {
    const { shop } = await shopWithExpert();
    const sid = `MG${"ab12".repeat(8)}`;
    const bad = await saveMessagingService(db, shop, { messagingServiceSid: "MG123", defaultSenderMps: "0" });
    expect(Object.keys(!bad.ok ? bad.errors : {}).sort()).toEqual(["defaultSenderMps", "messagingServiceSid"]);
    for (const mps of ["1001", "2.5", "abc"]) expect((await saveMessagingService(db, shop, { messagingServiceSid: sid, defaultSenderMps: mps })).ok).toBe(false);
    expect(await db.shop.findUniqueOrThrow({ where: { shop } })).toMatchObject({ messagingServiceSid: null, defaultSenderMps: null });

    expect((await saveMessagingService(db, shop, { messagingServiceSid: ` ${sid} `, defaultSenderMps: "1000" })).ok).toBe(true);
    expect(await db.shop.findUniqueOrThrow({ where: { shop } })).toMatchObject({ messagingServiceSid: sid, defaultSenderMps: 1000 });

    const other = await shopWithExpert();
    const shared = await saveMessagingService(db, other.shop, { messagingServiceSid: sid, defaultSenderMps: "5" });
    expect(!shared.ok && shared.errors.messagingServiceSid).toBe("This Messaging Service is already connected to another shop");

    expect((await saveMessagingService(db, shop, { messagingServiceSid: "", defaultSenderMps: "1" })).ok).toBe(true);
    expect(await db.shop.findUniqueOrThrow({ where: { shop } })).toMatchObject({ messagingServiceSid: null, defaultSenderMps: 1 });
  });
});
