// The one send pipeline end to end: outbox → policy → queue → dispatch → Twilio stand-in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { closeTestQueues } from "../../../test/helpers";
import {
  AFTERNOON,
  NIGHT,
  messagingShop,
  outboundAtStandIn,
  runOutbox,
  shopperWith,
  startTwilioStandIn,
  testDispatchDeps,
  testOutboxDeps,
} from "../../../test/messaging";
import type { TwilioStandIn } from "../../../test/stand-ins";
import { dispatchMessage } from "./dispatch.server";
import { handleInbound } from "./inbound.server";
import { OutboxInputError, queueMessage } from "./outbox.server";
import type { MessageKind } from "./send-policy.server";

let twilio: TwilioStandIn;
beforeAll(async () => {
  twilio = await startTwilioStandIn();
});
afterAll(async () => {
  await twilio.close();
  await closeTestQueues();
});

const draft = (shop: string, shopperId: string, conversationId: string, kind: MessageKind, key: string) => ({
  shop,
  shopperId,
  conversationId,
  kind,
  author: kind === "expert" || kind === "recommendation" ? ("expert" as const) : ("automation" as const),
  body: `A note for you (${kind})`,
  businessKey: key,
});

describe("the outbox", () => {
  it("sends an expert message through Twilio once and stores the SID", async () => {
    const shop = await messagingShop();
    const { shopper, conversation } = await shopperWith(shop.domain, {});
    const deps = testOutboxDeps();
    const first = await queueMessage(deps, draft(shop.domain, shopper.id, conversation.id, "expert", "expert:k1"));
    const again = await queueMessage(deps, draft(shop.domain, shopper.id, conversation.id, "expert", "expert:k1"));
    expect(first.outcome).toBe("queued");
    expect(again).toEqual({ messageId: first.messageId, outcome: "duplicate" });
    expect(await runOutbox(testDispatchDeps(twilio))).toEqual([]);

    const message = await db.message.findUniqueOrThrow({ where: { id: first.messageId } });
    const atTwilio = outboundAtStandIn(twilio, shopper.phone);
    expect(atTwilio).toHaveLength(1);
    expect(message).toMatchObject({ twilioSid: atTwilio[0]!.sid, fromNumber: shop.sender, status: "queued", segments: 1, encoding: "GSM-7" });
    expect(atTwilio[0]).toMatchObject({ from: shop.sender, body: "A note for you (expert)" });
    expect(await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).toMatchObject({ status: "awaiting_shopper" });
  });

  it("sends an automated reply from the number of the conversation's expert", async () => {
    const shop = await messagingShop();
    await db.senderNumber.deleteMany({ where: { shop: shop.domain } });
    await db.senderNumber.create({ data: { shop: shop.domain, phoneNumber: "+14155550177", expertId: shop.expert.id, mps: 10 } });
    const { shopper, conversation } = await shopperWith(shop.domain, {});
    await db.conversation.update({ where: { id: conversation.id }, data: { expertId: shop.expert.id } });
    const queued = await queueMessage(testOutboxDeps(), draft(shop.domain, shopper.id, conversation.id, "help_reply", "help:sender"));
    expect((await dispatchMessage(testDispatchDeps(twilio), shop.domain, queued.messageId)).result).toBe("sent");
    expect(outboundAtStandIn(twilio, shopper.phone)[0]!.from).toBe("+14155550177");
  });

  it.each<MessageKind>(["expert", "intro", "recommendation", "followup", "automation", "help_reply", "optin_confirmation"])(
    "never sends %s to an opted-out shopper: blocked with a reason, nothing reaches Twilio",
    async (kind) => {
      const shop = await messagingShop();
      const { shopper, conversation } = await shopperWith(shop.domain, { optedOut: true, lastInboundAt: new Date(AFTERNOON.getTime() - 60_000) });
      const deps = testOutboxDeps();
      const result = await queueMessage(deps, draft(shop.domain, shopper.id, conversation.id, kind, `${kind}:opted-out`));
      expect(result.outcome).toBe("blocked");
      expect(result.reason).toMatch(/opted out/);
      expect(deps.enqueued).toEqual([]);
      await runOutbox(testDispatchDeps(twilio));
      expect(outboundAtStandIn(twilio, shopper.phone)).toHaveLength(0);
      const events = await db.messageEvent.findMany({ where: { messageId: result.messageId } });
      expect(events.map((e) => e.type)).toEqual(["blocked"]);
    },
  );

  it("blocks at send time when the shopper opts out while the message waits", async () => {
    const shop = await messagingShop();
    const { shopper, conversation } = await shopperWith(shop.domain, {});
    const deps = testOutboxDeps(() => NIGHT);
    const held = await queueMessage(deps, draft(shop.domain, shopper.id, conversation.id, "followup", "followup:rule1:order1"));
    expect(held.outcome).toBe("held");
    expect(held.reason).toBe("quiet hours in America/New_York; sends at 08:00");
    await db.shopper.update({ where: { id: shopper.id }, data: { optedOut: true } });
    // Morning comes: the worker picks it up and the policy says no.
    const morning = testDispatchDeps(twilio, { now: () => new Date("2026-11-19T13:00:00Z") });
    expect(await dispatchMessage(morning, shop.domain, held.messageId)).toEqual({ result: "done", status: "blocked" });
    expect(outboundAtStandIn(twilio, shopper.phone)).toHaveLength(0);
  });

  it("refuses a shopper without consent who never texted", async () => {
    const shop = await messagingShop();
    const { shopper, conversation } = await shopperWith(shop.domain, { consent: false });
    const result = await queueMessage(testOutboxDeps(), draft(shop.domain, shopper.id, conversation.id, "intro", "intro:x"));
    expect(result).toMatchObject({ outcome: "blocked", reason: expect.stringMatching(/consent/) });
  });

  it("holds automation in quiet hours but lets an expert answer a shopper who texted within 24 h", async () => {
    const shop = await messagingShop();
    const { shopper, conversation } = await shopperWith(shop.domain, { lastInboundAt: new Date(NIGHT.getTime() - 3600_000) });
    const deps = testOutboxDeps(() => NIGHT);
    const reply = await queueMessage(deps, draft(shop.domain, shopper.id, conversation.id, "expert", "expert:night"));
    const nudge = await queueMessage(deps, draft(shop.domain, shopper.id, conversation.id, "automation", "automation:night"));
    expect(reply.outcome).toBe("queued");
    expect(nudge).toMatchObject({ outcome: "held", heldUntil: new Date("2026-11-19T13:00:00Z") });
    const row = await db.message.findUniqueOrThrow({ where: { id: nudge.messageId }, include: { events: true } });
    expect(row).toMatchObject({ status: "held", statusReason: "quiet hours in America/New_York; sends at 08:00" });
    expect(row.events.map((e) => e.type)).toEqual(["held"]);
  });

  it("rejects an empty or oversized body and stores nothing", async () => {
    const shop = await messagingShop();
    const { shopper, conversation } = await shopperWith(shop.domain, {});
    const deps = testOutboxDeps();
    await expect(queueMessage(deps, { ...draft(shop.domain, shopper.id, conversation.id, "expert", "e:1"), body: "  " })).rejects.toBeInstanceOf(OutboxInputError);
    await expect(queueMessage(deps, { ...draft(shop.domain, shopper.id, conversation.id, "expert", "e:2"), body: "x".repeat(1601) })).rejects.toBeInstanceOf(OutboxInputError);
    expect(await db.message.count({ where: { shop: shop.domain } })).toBe(0);
  });

  it("records a UCS-2 body's encoding and segments", async () => {
    const shop = await messagingShop();
    const { shopper, conversation } = await shopperWith(shop.domain, {});
    const result = await queueMessage(testOutboxDeps(), { ...draft(shop.domain, shopper.id, conversation.id, "expert", "e:emoji"), body: `${"Lovely choice ✨ ".repeat(5)}` });
    expect(await db.message.findUniqueOrThrow({ where: { id: result.messageId } })).toMatchObject({ encoding: "UCS-2", segments: 2 });
  });
});

describe("exactly once", () => {
  it("does not send twice after a Twilio timeout: the retry finds the message at Twilio", async () => {
    const shop = await messagingShop();
    const { shopper, conversation } = await shopperWith(shop.domain, { phone: "+15005550032" });
    const queued = await queueMessage(testOutboxDeps(), draft(shop.domain, shopper.id, conversation.id, "expert", "expert:timeout"));
    const deps = testDispatchDeps(twilio, { timeoutMs: 300 });
    await expect(dispatchMessage(deps, shop.domain, queued.messageId)).rejects.toThrow();
    expect(await db.message.findUniqueOrThrow({ where: { id: queued.messageId } })).toMatchObject({ status: "sending", twilioSid: null });
    const retry = await dispatchMessage(deps, shop.domain, queued.messageId);
    expect(retry.result).toBe("adopted");
    expect(outboundAtStandIn(twilio, shopper.phone)).toHaveLength(1);
    expect((await db.message.findUniqueOrThrow({ where: { id: queued.messageId } })).twilioSid).toBe(outboundAtStandIn(twilio, shopper.phone)[0]!.sid);
  });

  it("sends once when an interrupted attempt never reached Twilio", async () => {
    const shop = await messagingShop();
    const { shopper, conversation } = await shopperWith(shop.domain, {});
    const queued = await queueMessage(testOutboxDeps(), draft(shop.domain, shopper.id, conversation.id, "expert", "expert:crash"));
    // A worker marked it sending, then died before the request left.
    await db.message.update({ where: { id: queued.messageId }, data: { status: "sending", sendAttemptedAt: AFTERNOON } });
    expect((await dispatchMessage(testDispatchDeps(twilio), shop.domain, queued.messageId)).result).toBe("sent");
    expect((await dispatchMessage(testDispatchDeps(twilio), shop.domain, queued.messageId)).result).toBe("done");
    expect(outboundAtStandIn(twilio, shopper.phone)).toHaveLength(1);
  });

  it("marks the shopper opted out when Twilio answers 21610", async () => {
    const shop = await messagingShop();
    const { shopper, conversation } = await shopperWith(shop.domain, { phone: "+15005550004" });
    const queued = await queueMessage(testOutboxDeps(), draft(shop.domain, shopper.id, conversation.id, "expert", "expert:21610"));
    expect(await dispatchMessage(testDispatchDeps(twilio), shop.domain, queued.messageId)).toEqual({ result: "done", status: "failed" });
    expect(await db.message.findUniqueOrThrow({ where: { id: queued.messageId } })).toMatchObject({ status: "failed", errorCode: 21610, statusReason: "recipient has opted out" });
    expect(await db.shopper.findUniqueOrThrow({ where: { id: shopper.id } })).toMatchObject({ optedOut: true });
    expect(await db.optOut.count({ where: { shopperId: shopper.id, source: "carrier_21610" } })).toBe(1);
  });
});

describe("inbound SMS", () => {
  const inbound = (from: string, to: string, body: string, extra: Record<string, string> = {}) => ({
    MessageSid: `SM${crypto.randomUUID().replace(/-/g, "")}`,
    From: from,
    To: to,
    Body: body,
    NumMedia: "0",
    ...extra,
  });

  it("opens a conversation with the default expert for a new number and files MMS media", async () => {
    const shop = await messagingShop();
    const result = await handleInbound(
      testOutboxDeps(),
      shop.domain,
      inbound("+13055550177", shop.sender, "Does this come in travel size?", { NumMedia: "1", MediaUrl0: "https://media.example/1.jpg", MediaContentType0: "image/jpeg" }),
    );
    expect(result).toMatchObject({ kind: "message", newConversation: true });
    const conversation = await db.conversation.findUniqueOrThrow({ where: { id: result.conversationId }, include: { shopper: true } });
    expect(conversation).toMatchObject({ expertId: shop.expert.id, status: "awaiting_expert", shopper: { phone: "+13055550177", expertId: shop.expert.id } });
    const message = await db.message.findUniqueOrThrow({ where: { id: result.messageId } });
    expect(message).toMatchObject({ direction: "inbound", channel: "mms", status: "received" });
    expect(JSON.parse(message.mediaUrls)).toEqual([{ url: "https://media.example/1.jpg", contentType: "image/jpeg" }]);
    // The next text joins the same conversation; the same SID again is ignored.
    const next = await handleInbound(testOutboxDeps(), shop.domain, inbound("+13055550177", shop.sender, "Thanks!"));
    expect(next).toMatchObject({ conversationId: result.conversationId, newConversation: false });
  });

  it.each(["Stop.", "STOP", " stop!! ", "unsubscribe", "Please stop texting me", "no más", "wrong number"])(
    "“%s” opts the shopper out with exactly one confirmation",
    async (body) => {
      const shop = await messagingShop();
      const { shopper } = await shopperWith(shop.domain, { lastInboundAt: null });
      const deps = testOutboxDeps();
      const result = await handleInbound(deps, shop.domain, inbound(shopper.phone, shop.sender, body));
      expect(result.kind).toBe("opt_out");
      await handleInbound(deps, shop.domain, inbound(shopper.phone, shop.sender, "STOP"));
      expect(await db.shopper.findUniqueOrThrow({ where: { id: shopper.id } })).toMatchObject({ optedOut: true });
      await runOutbox(testDispatchDeps(twilio));
      const sent = outboundAtStandIn(twilio, shopper.phone);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.body).toMatch(/unsubscribed/);
      // Anything after that is blocked.
      const after = await queueMessage(deps, draft(shop.domain, shopper.id, result.conversationId, "expert", "expert:after-stop"));
      expect(after.outcome).toBe("blocked");
    },
  );

  it("START opts back in and confirms; HELP answers with the shop's help text", async () => {
    const shop = await messagingShop();
    await db.shop.update({ where: { shop: shop.domain }, data: { helpText: "Questions? Reply here or email care@lumenleaf.test. Reply STOP to cancel." } });
    const { shopper } = await shopperWith(shop.domain, { optedOut: true });
    const deps = testOutboxDeps();
    expect((await handleInbound(deps, shop.domain, inbound(shopper.phone, shop.sender, "START"))).kind).toBe("opt_in");
    expect((await handleInbound(deps, shop.domain, inbound(shopper.phone, shop.sender, "help"))).kind).toBe("help");
    // YES from someone not opted out is just an answer.
    expect((await handleInbound(deps, shop.domain, inbound(shopper.phone, shop.sender, "Yes"))).kind).toBe("message");
    await runOutbox(testDispatchDeps(twilio));
    const bodies = outboundAtStandIn(twilio, shopper.phone).map((m) => m.body);
    expect(bodies).toHaveLength(2);
    expect(bodies.some((b) => /resubscribed/.test(b))).toBe(true);
    expect(bodies.some((b) => b.includes("care@lumenleaf.test"))).toBe(true);
    expect(await db.optOut.findFirst({ where: { shopperId: shopper.id } })).toBeNull(); // shopperWith set the flag only
  });
});
