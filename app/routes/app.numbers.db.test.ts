// The SMS numbers page: each intent through the real action, Twilio reached through the edge
// redirection (the route uses the real twilioClient()), everything scoped to session.shop.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { routeTwilioTo, type TwilioStandIn } from "../../test/stand-ins";
import { startTwilioStandIn } from "../../test/messaging";
import { adminRequest, callRoute, installShop, uniqueShop } from "../../test/helpers";
import * as route from "./app.numbers";

let twilio: TwilioStandIn;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  await routeTwilioTo(twilio.url);
});
afterAll(async () => twilio?.close());

async function setupShop(expertName = "Ava Brooks") {
  const shop = uniqueShop();
  await installShop(shop.domain);
  await db.shop.create({ data: { shop: shop.domain } });
  const expert = await db.expert.create({ data: { shop: shop.domain, name: expertName } });
  return { ...shop, expert };
}

const post = async (shopName: string, form: Record<string, string>) =>
  callRoute(
    route.action,
    await adminRequest("/app/numbers", shopName, {
      method: "POST",
      body: new URLSearchParams(form),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    }),
  );

const load = async (shopName: string) => (await callRoute(route.loader, await adminRequest("/app/numbers", shopName))).json();

/** Searches through the route and picks a number nobody in this database has stored. */
async function searchFresh(shopName: string, areaCode: string) {
  const res = await post(shopName, { intent: "search", country: "US", type: "local", areaCode, contains: "" });
  expect(res.status).toBe(200);
  const { numbers } = (await res.json()) as { numbers: { phoneNumber: string }[] };
  const stored = new Set((await db.senderNumber.findMany({ select: { phoneNumber: true } })).map((s) => s.phoneNumber));
  return numbers.map((n) => n.phoneNumber).find((n) => !stored.has(n))!;
}

describe("SMS numbers page", () => {
  it("searches, buys for an expert, lists, reassigns and releases", async () => {
    const shop = await setupShop();
    const search = await post(shop.name, { intent: "search", country: "US", type: "toll_free", areaCode: "866", contains: "" });
    const found = await search.json();
    expect(found.numbers).toHaveLength(20);
    expect(found.numbers.every((n: { phoneNumber: string }) => n.phoneNumber.startsWith("+1866"))).toBe(true);

    const phoneNumber = await searchFresh(shop.name, "415");
    const bought = await post(shop.name, { intent: "buy", phoneNumber, type: "local", expertId: shop.expert.id });
    expect(bought.status).toBe(200);
    expect((await bought.json()).message).toBe(`Bought ${phoneNumber}`);
    const atStandIn = twilio.store.incomingPhoneNumbers.find((n) => n.phoneNumber === phoneNumber);
    expect(atStandIn).toMatchObject({ smsUrl: "https://my-test-app.myshopify.io/twilio/inbound", smsMethod: "POST" });

    const page = await load(shop.name);
    expect(page.senders).toMatchObject([{ phoneNumber, kind: "long_code", mps: 1, expertId: shop.expert.id, expertName: "Ava Brooks" }]);
    expect(page.experts).toEqual([{ id: shop.expert.id, name: "Ava Brooks" }]);
    const senderId = page.senders[0].id;

    expect((await post(shop.name, { intent: "assign", senderId, expertId: "" })).status).toBe(200);
    expect((await db.senderNumber.findUniqueOrThrow({ where: { id: senderId } })).expertId).toBeNull();

    expect((await post(shop.name, { intent: "release", senderId })).status).toBe(200);
    expect(twilio.store.incomingPhoneNumbers.some((n) => n.phoneNumber === phoneNumber)).toBe(false);
    expect(await db.senderNumber.count({ where: { id: senderId } })).toBe(0);
  });

  it("answers 422 with field errors, and buys nothing when the expert already has a number", async () => {
    const shop = await setupShop();
    const badSearch = await post(shop.name, { intent: "search", country: "US", type: "local", areaCode: "41", contains: "" });
    expect(badSearch.status).toBe(422);
    expect((await badSearch.json()).errors.areaCode).toBe("An area code is 3 digits");

    const first = await searchFresh(shop.name, "212");
    expect((await post(shop.name, { intent: "buy", phoneNumber: first, type: "local", expertId: shop.expert.id })).status).toBe(200);
    const second = await searchFresh(shop.name, "212");
    const refused = await post(shop.name, { intent: "buy", phoneNumber: second, type: "local", expertId: shop.expert.id });
    expect(refused.status).toBe(422);
    expect((await refused.json()).errors.expertId).toContain("Ava Brooks already has");
    expect(twilio.store.incomingPhoneNumbers.some((n) => n.phoneNumber === second)).toBe(false);
    expect(await db.senderNumber.count({ where: { shop: shop.domain } })).toBe(1);

    const badService = await post(shop.name, { intent: "messagingService", messagingServiceSid: "MGnope", defaultSenderMps: "0" });
    expect(badService.status).toBe(422);
    expect(Object.keys((await badService.json()).errors).sort()).toEqual(["defaultSenderMps", "messagingServiceSid"]);
    const sid = `MG${"0f".repeat(16)}`;
    expect((await post(shop.name, { intent: "messagingService", messagingServiceSid: sid, defaultSenderMps: "10" })).status).toBe(200);
    expect((await load(shop.name)).messagingService).toEqual({ messagingServiceSid: sid, defaultSenderMps: 10 });
  });

  it("answers 400 to an unknown intent", async () => {
    const shop = await setupShop();
    const res = await post(shop.name, { intent: "transfer" });
    expect(res.status).toBe(400);
    expect((await res.json()).errors.form).toBe("Unknown action");
  });

  it("keeps each shop to its own numbers and experts", async () => {
    const mine = await setupShop();
    const theirs = await setupShop("Their Expert");
    const theirNumber = await searchFresh(theirs.name, "512");
    expect((await post(theirs.name, { intent: "buy", phoneNumber: theirNumber, type: "local", expertId: theirs.expert.id })).status).toBe(200);
    const theirSender = await db.senderNumber.findUniqueOrThrow({ where: { phoneNumber: theirNumber } });

    const page = await load(mine.name);
    expect(page.senders).toEqual([]);
    expect(page.experts.map((e: { name: string }) => e.name)).toEqual(["Ava Brooks"]);

    // Their expert can't be given my new number; their number can't be reassigned, released or re-bought by me.
    const myNumber = await searchFresh(mine.name, "512");
    const foreignExpert = await post(mine.name, { intent: "buy", phoneNumber: myNumber, type: "local", expertId: theirs.expert.id });
    expect(foreignExpert.status).toBe(422);
    expect(twilio.store.incomingPhoneNumbers.some((n) => n.phoneNumber === myNumber)).toBe(false);
    expect((await post(mine.name, { intent: "assign", senderId: theirSender.id, expertId: mine.expert.id })).status).toBe(422);
    expect((await post(mine.name, { intent: "release", senderId: theirSender.id })).status).toBe(422);
    expect((await post(mine.name, { intent: "buy", phoneNumber: theirNumber, type: "local", expertId: "" })).status).toBe(422);

    expect(await db.senderNumber.findUniqueOrThrow({ where: { id: theirSender.id } })).toMatchObject({ shop: theirs.domain, expertId: theirs.expert.id });
    expect(twilio.store.incomingPhoneNumbers.some((n) => n.phoneNumber === theirNumber)).toBe(true);
  });
});
