// The inbox routes end to end through their loaders and actions: views, counts, search and
// pagination; the thread with brief, messages, quiet-hours decision and a graceful Shopify
// profile; sending through the outbox; side actions; shop scoping; and the live stream.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { QueueName } from "~/jobs/queues.server";
import { endLiveStreams, publishLive } from "~/lib/live.server";
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { adminRequest, API_KEY, APP_URL, callRoute, closeTestQueues, installShop, jobsFor, uniqueShop } from "../../test/helpers";
import * as inboxList from "./app.inbox._index";
import * as thread from "./app.inbox.$id";
import * as events from "./app.inbox.events";

afterAll(closeTestQueues);

// The session token's `sub` in @shopify/shopify-api's test helpers.
const CURRENT_STAFF_USER = "12345";

async function setupShop() {
  const shop = uniqueShop();
  await installShop(shop.domain);
  return shop;
}

async function seedConversation(
  shop: string,
  opts: {
    firstName?: string;
    lastName?: string;
    phone?: string;
    expertId?: string | null;
    status?: string;
    lastActivityAt?: Date;
    optedOut?: boolean;
    consent?: boolean;
    lastInboundAt?: Date | null;
    timezone?: string | null;
  } = {},
) {
  const shopper = await db.shopper.create({
    data: {
      shop,
      phone: opts.phone ?? `+1212${randomUUID().replace(/\D/g, "").slice(0, 7).padEnd(7, "0")}`,
      firstName: opts.firstName ?? "Sam",
      lastName: opts.lastName ?? "Lee",
      email: `${randomUUID().slice(0, 8)}@example.com`,
      optedOut: opts.optedOut ?? false,
      optedOutAt: opts.optedOut ? new Date() : null,
      lastInboundAt: opts.lastInboundAt === undefined ? new Date() : opts.lastInboundAt,
      timezone: opts.timezone ?? null,
    },
  });
  if (opts.consent !== false) await db.consentRecord.create({ data: { shop, shopperId: shopper.id, wordingVersion: 1, wordingHash: "h" } });
  const conversation = await db.conversation.create({
    data: {
      shop,
      shopperId: shopper.id,
      expertId: opts.expertId ?? null,
      status: opts.status ?? "awaiting_expert",
      lastActivityAt: opts.lastActivityAt ?? new Date(),
      closedAt: opts.status === "closed" ? new Date() : null,
      lastInboundAt: shopper.lastInboundAt,
    },
  });
  return { shopper, conversation };
}

const get = async (mod: { loader: (args: never) => unknown }, path: string, shopName: string, params: Record<string, string> = {}) =>
  callRoute(mod.loader as never, await adminRequest(path, shopName), params);

const post = async (conversationId: string, shopName: string, form: Record<string, string>) =>
  callRoute(
    thread.action,
    await adminRequest(`/app/inbox/${conversationId}`, shopName, {
      method: "POST",
      body: new URLSearchParams(form),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    }),
    { id: conversationId },
  );

/** An IANA zone where it is 03:00 right now: inside quiet hours everywhere. */
function zoneAtThreeAm(now = new Date()) {
  let offset = (3 - now.getUTCHours() + 24) % 24;
  if (offset > 14) offset -= 24;
  return offset === 0 ? "Etc/GMT" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

describe("inbox list", () => {
  it("shows Mine for the linked expert, with counts for every view", async () => {
    const shop = await setupShop();
    const me = await db.expert.create({ data: { shop: shop.domain, name: "Ava Brooks", staffUserId: CURRENT_STAFF_USER } });
    const other = await db.expert.create({ data: { shop: shop.domain, name: "Ben Ortiz" } });
    const mine = await seedConversation(shop.domain, { firstName: "Mia", expertId: me.id, status: "awaiting_expert" });
    await seedConversation(shop.domain, { firstName: "Noah", expertId: null, status: "awaiting_expert" });
    await seedConversation(shop.domain, { firstName: "Olga", expertId: other.id, status: "awaiting_shopper" });
    await seedConversation(shop.domain, { firstName: "Pia", expertId: me.id, status: "closed" });
    await db.message.create({
      data: { shop: shop.domain, conversationId: mine.conversation.id, shopperId: mine.shopper.id, direction: "inbound", author: "shopper", body: "Is the serum ok for oily skin?", businessKey: "in:1", status: "received" },
    });

    const res = await get(inboxList, "/app/inbox", shop.name);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.view).toBe("mine");
    expect(body.me).toMatchObject({ id: me.id, name: "Ava Brooks" });
    expect(body.counts).toEqual({ mine: 1, unassigned: 1, awaiting: 2, all: 3, closed: 1 });
    expect(body.conversations).toHaveLength(1);
    expect(body.conversations[0]).toMatchObject({
      id: mine.conversation.id,
      shopper: { name: "Mia Lee", optedOut: false },
      expert: { name: "Ava Brooks" },
      stage: "intro",
      lastMessage: { body: "Is the serum ok for oily skin?", direction: "inbound" },
    });

    const closed = await (await get(inboxList, "/app/inbox?view=closed", shop.name)).json();
    expect(closed.conversations.map((c: { shopper: { name: string } }) => c.shopper.name)).toEqual(["Pia Lee"]);
    const unassigned = await (await get(inboxList, "/app/inbox?view=unassigned", shop.name)).json();
    expect(unassigned.conversations.map((c: { shopper: { name: string } }) => c.shopper.name)).toEqual(["Noah Lee"]);
  });

  it("says so when the staff user isn't an expert, and starts on All", async () => {
    const shop = await setupShop();
    await seedConversation(shop.domain, { firstName: "Quinn" });
    const body = await (await get(inboxList, "/app/inbox", shop.name)).json();
    expect(body.me).toBeNull();
    expect(body.view).toBe("all");
    expect(body.counts.mine).toBe(0);
    const mine = await (await get(inboxList, "/app/inbox?view=mine", shop.name)).json();
    expect(mine.conversations).toEqual([]);
  });

  it("searches by name or phone digits, and rejects an unknown view", async () => {
    const shop = await setupShop();
    await seedConversation(shop.domain, { firstName: "Rosa", lastName: "Diaz", phone: "+13125550199" });
    await seedConversation(shop.domain, { firstName: "Sven", lastName: "Berg", phone: "+13125550142" });
    const byName = await (await get(inboxList, "/app/inbox?view=all&q=Diaz", shop.name)).json();
    expect(byName.conversations.map((c: { shopper: { name: string } }) => c.shopper.name)).toEqual(["Rosa Diaz"]);
    const byPhone = await (await get(inboxList, "/app/inbox?view=all&q=0142", shop.name)).json();
    expect(byPhone.conversations.map((c: { shopper: { name: string } }) => c.shopper.name)).toEqual(["Sven Berg"]);
    expect((await get(inboxList, "/app/inbox?view=everything", shop.name)).status).toBe(400);
  });

  it("pages with a cursor, newest first, without gaps or repeats", async () => {
    const shop = await setupShop();
    const base = Date.now();
    for (let i = 0; i < 30; i++) await seedConversation(shop.domain, { firstName: `P${String(i).padStart(2, "0")}`, lastActivityAt: new Date(base - i * 60_000) });
    const first = await (await get(inboxList, "/app/inbox?view=all", shop.name)).json();
    expect(first.conversations).toHaveLength(25);
    expect(first.conversations[0].shopper.name).toBe("P00 Lee");
    expect(first.nextCursor).toBeTruthy();
    const second = await (await get(inboxList, `/app/inbox?view=all&cursor=${first.nextCursor}`, shop.name)).json();
    expect(second.conversations.map((c: { shopper: { name: string } }) => c.shopper.name)).toEqual(["P25 Lee", "P26 Lee", "P27 Lee", "P28 Lee", "P29 Lee"]);
    expect(second.nextCursor).toBeNull();
    expect(second.cursor).toBe(first.nextCursor);
  });

  it("never lists another shop's conversations", async () => {
    const a = await setupShop();
    const b = await setupShop();
    await seedConversation(a.domain, { firstName: "Only-in-A" });
    const body = await (await get(inboxList, "/app/inbox?view=all", b.name)).json();
    expect(body.conversations).toEqual([]);
    expect(body.counts.all).toBe(0);
  });
});

describe("thread loader", () => {
  it("returns the brief, the messages and the quiet-hours decision; no Shopify means profile null", async () => {
    const shop = await setupShop();
    const survey = await db.survey.create({ data: { shop: shop.domain, key: "fit", version: 1, title: "Skin quiz" } });
    const q1 = await db.question.create({ data: { shop: shop.domain, surveyId: survey.id, position: 0, type: "single_choice", prompt: "Skin type?" } });
    const q2 = await db.question.create({ data: { shop: shop.domain, surveyId: survey.id, position: 1, type: "multi_choice", prompt: "Concerns?" } });
    // Not texted in lately and 03:00 where they are: an expert message would be held.
    const { shopper, conversation } = await seedConversation(shop.domain, { firstName: "Tara", lastInboundAt: null, timezone: zoneAtThreeAm() });
    const response = await db.surveyResponse.create({
      data: { shop: shop.domain, surveyId: survey.id, shopperId: shopper.id, answers: JSON.stringify({ [q1.id]: "oily", [q2.id]: ["acne", "shine"] }), completedAt: new Date() },
    });
    await db.conversation.update({ where: { id: conversation.id }, data: { surveyResponseId: response.id } });
    await db.message.create({
      data: {
        shop: shop.domain,
        conversationId: conversation.id,
        shopperId: shopper.id,
        direction: "inbound",
        author: "shopper",
        body: "Here's my skin",
        mediaUrls: JSON.stringify([{ url: "https://media.example.com/1.jpg", contentType: "image/jpeg" }]),
        businessKey: "in:tara",
        status: "received",
        createdAt: new Date(Date.now() - 60_000),
      },
    });
    await db.message.create({
      data: {
        shop: shop.domain,
        conversationId: conversation.id,
        shopperId: shopper.id,
        direction: "outbound",
        author: "expert",
        body: "Thanks! Looking now.",
        businessKey: "expert:x",
        status: "held",
        statusReason: "quiet hours in America/Chicago; sends at 08:00",
        heldUntil: new Date(Date.now() + 3_600_000),
        events: { create: { shop: shop.domain, type: "held", detail: "quiet hours in America/Chicago; sends at 08:00" } },
      },
    });
    await db.template.create({ data: { shop: shop.domain, name: "Hello", body: "Hi {{shopper.first_name}}, it's {{expert.name}}" } });

    const res = await get(thread, `/app/inbox/${conversation.id}`, shop.name, { id: conversation.id });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.brief).toEqual([
      { question: "Skin type?", answer: "oily" },
      { question: "Concerns?", answer: "acne, shine" },
    ]);
    expect(body.surveyTitle).toBe("Skin quiz");
    expect(body.messages.map((m: { direction: string }) => m.direction)).toEqual(["inbound", "outbound"]);
    expect(body.messages[0].media).toEqual([{ url: "https://media.example.com/1.jpg", contentType: "image/jpeg" }]);
    expect(body.messages[1]).toMatchObject({ status: "held", statusReason: expect.stringContaining("quiet hours"), events: [{ type: "held" }] });
    expect(body.decision).toMatchObject({ decision: "hold", code: "quiet_hours" });
    expect(body.outlook).toMatchObject({ decision: "hold", localTime: "08:00", timezone: zoneAtThreeAm() });
    // No expert on the conversation and none linked: templates speak as the shop.
    expect(body.templates).toEqual([expect.objectContaining({ name: "Hello", body: `Hi Tara, it's ${shop.name}` })]);
    expect(body.profile).toBeNull();
    expect(body.profileStatus).toBe("unavailable");
    expect(body.shopper).toMatchObject({ name: "Tara Lee", optedOut: false });
  });

  it("has an empty brief without a survey and a send decision inside the reply window", async () => {
    const shop = await setupShop();
    const expert = await db.expert.create({ data: { shop: shop.domain, name: "Uma Patel", staffUserId: CURRENT_STAFF_USER } });
    const { conversation } = await seedConversation(shop.domain, { expertId: expert.id, lastInboundAt: new Date() });
    await db.template.create({ data: { shop: shop.domain, name: "Intro", body: "Hi {{shopper.first_name}}, {{expert.first_name}} from {{shop.name}} here" } });
    const body = await (await get(thread, `/app/inbox/${conversation.id}`, shop.name, { id: conversation.id })).json();
    expect(body.brief).toEqual([]);
    expect(body.decision).toEqual({ decision: "send" });
    expect(body.templates[0].body).toMatch(/^Hi Sam, Uma from .+ here$/);
    expect(body.experts).toEqual([{ id: expert.id, name: "Uma Patel" }]);
  });

  it("answers 404 for another shop's conversation", async () => {
    const a = await setupShop();
    const b = await setupShop();
    const { conversation } = await seedConversation(a.domain);
    expect((await get(thread, `/app/inbox/${conversation.id}`, b.name, { id: conversation.id })).status).toBe(404);
  });
});

describe("sending from the thread", () => {
  const outboxJobs = (messageId: string) => jobsFor(QueueName.outbox, (d) => d.messageId === messageId);

  it("sends once for a repeated submit with the same key", async () => {
    const shop = await setupShop();
    const expert = await db.expert.create({ data: { shop: shop.domain, name: "Vera", staffUserId: CURRENT_STAFF_USER } });
    const { conversation } = await seedConversation(shop.domain, { expertId: null, lastInboundAt: new Date() });
    const clientKey = randomUUID();
    const first = await post(conversation.id, shop.name, { intent: "send", body: "Hi Sam! Happy to help.", clientKey });
    expect(first.status).toBe(200);
    const firstBody = await first.json();
    expect(firstBody).toMatchObject({ ok: true, outcome: "queued" });
    const again = await post(conversation.id, shop.name, { intent: "send", body: "Hi Sam! Happy to help.", clientKey });
    expect((await again.json()).outcome).toBe("duplicate");

    const messages = await db.message.findMany({ where: { shop: shop.domain, conversationId: conversation.id } });
    expect(messages).toHaveLength(1);
    // Unassigned conversation: the signed-in user's expert is the author.
    expect(messages[0]).toMatchObject({ businessKey: `expert:${clientKey}`, expertId: expert.id, status: "queued", author: "expert", kind: "expert" });
    expect(await outboxJobs(messages[0]!.id)).toHaveLength(1);
    expect((await db.conversation.findUnique({ where: { id: conversation.id } }))!.status).toBe("awaiting_shopper");
  });

  it("refuses an opted-out shopper: recorded as blocked with the reason, nothing enqueued", async () => {
    const shop = await setupShop();
    const { conversation } = await seedConversation(shop.domain, { optedOut: true });
    const res = await post(conversation.id, shop.name, { intent: "send", body: "Still there?", clientKey: randomUUID() });
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body).toMatchObject({ ok: false, outcome: "blocked" });
    expect(body.reason).toMatch(/opted out/);
    const [message] = await db.message.findMany({ where: { shop: shop.domain, conversationId: conversation.id } });
    expect(message).toMatchObject({ status: "blocked", statusReason: expect.stringMatching(/opted out/) });
    expect(await outboxJobs(message!.id)).toHaveLength(0);
  });

  it("answers 422 for an empty body or a missing key, storing nothing", async () => {
    const shop = await setupShop();
    const { conversation } = await seedConversation(shop.domain);
    const empty = await post(conversation.id, shop.name, { intent: "send", body: "   ", clientKey: randomUUID() });
    expect(empty.status).toBe(422);
    expect((await empty.json()).errors.body).toMatch(/needs text/);
    const noKey = await post(conversation.id, shop.name, { intent: "send", body: "Hello" });
    expect(noKey.status).toBe(422);
    expect((await noKey.json()).errors.clientKey).toBeTruthy();
    const tooLong = await post(conversation.id, shop.name, { intent: "send", body: "x".repeat(1601), clientKey: randomUUID() });
    expect(tooLong.status).toBe(422);
    expect((await tooLong.json()).errors.body).toMatch(/1600/);
    expect(await db.message.count({ where: { shop: shop.domain } })).toBe(0);
  });
});

describe("thread actions", () => {
  it("adds notes, sets the stage, reassigns, closes and reopens", async () => {
    const shop = await setupShop();
    const me = await db.expert.create({ data: { shop: shop.domain, name: "Wren", staffUserId: CURRENT_STAFF_USER } });
    const other = await db.expert.create({ data: { shop: shop.domain, name: "Xavi" } });
    const { conversation, shopper } = await seedConversation(shop.domain, { expertId: me.id });
    const id = conversation.id;

    expect((await post(id, shop.name, { intent: "note", note: "Prefers fragrance-free" })).status).toBe(200);
    const emptyNote = await post(id, shop.name, { intent: "note", note: "  " });
    expect(emptyNote.status).toBe(422);
    expect((await emptyNote.json()).errors.note).toBe("Write a note first");
    expect(await db.conversationNote.findMany({ where: { conversationId: id }, select: { body: true, authorName: true } })).toEqual([{ body: "Prefers fragrance-free", authorName: "Wren" }]);

    expect((await post(id, shop.name, { intent: "stage", stage: "expertise" })).status).toBe(200);
    const badStage = await post(id, shop.name, { intent: "stage", stage: "closed" });
    expect(badStage.status).toBe(422);
    expect((await badStage.json()).errors.stage).toMatch(/Choose a stage/);
    expect((await db.conversation.findUnique({ where: { id } }))!.stage).toBe("expertise");

    expect((await post(id, shop.name, { intent: "reassign", expertId: other.id })).status).toBe(200);
    expect((await db.conversation.findUnique({ where: { id } }))!.expertId).toBe(other.id);
    expect((await db.shopper.findUnique({ where: { id: shopper.id } }))!.expertId).toBe(other.id);
    expect((await post(id, shop.name, { intent: "reassign", expertId: "" })).status).toBe(200);
    expect((await db.conversation.findUnique({ where: { id } }))!.expertId).toBeNull();

    expect((await post(id, shop.name, { intent: "close" })).status).toBe(200);
    expect((await db.conversation.findUnique({ where: { id } }))!).toMatchObject({ status: "closed", closedAt: expect.any(Date) });
    expect((await post(id, shop.name, { intent: "reopen" })).status).toBe(200);
    expect((await db.conversation.findUnique({ where: { id } }))!).toMatchObject({ status: "awaiting_expert", closedAt: null });
  });

  it("answers 400 to an unknown intent", async () => {
    const shop = await setupShop();
    const { conversation } = await seedConversation(shop.domain);
    const res = await post(conversation.id, shop.name, { intent: "archive" });
    expect(res.status).toBe(400);
    expect((await res.json()).errors.intent).toMatch(/Unknown action/);
  });

  it("is shop-scoped: another shop's conversation is 404 and unchanged; another shop's expert can't be assigned", async () => {
    const a = await setupShop();
    const b = await setupShop();
    const { conversation } = await seedConversation(a.domain);
    const foreignExpert = await db.expert.create({ data: { shop: b.domain, name: "Yara" } });
    const forms: Array<Record<string, string>> = [
      { intent: "note", note: "hi" },
      { intent: "stage", stage: "empathy" },
      { intent: "reassign", expertId: "" },
      { intent: "close" },
      { intent: "reopen" },
      { intent: "send", body: "hello", clientKey: randomUUID() },
    ];
    for (const form of forms) {
      expect((await post(conversation.id, b.name, form)).status, form.intent).toBe(404);
    }
    const res = await post(conversation.id, a.name, { intent: "reassign", expertId: foreignExpert.id });
    expect(res.status).toBe(422);
    expect((await res.json()).errors.expertId).toMatch(/active expert/);
    expect(await db.conversation.findUnique({ where: { id: conversation.id } })).toMatchObject({ stage: "intro", status: "awaiting_expert", expertId: null });
    expect(await db.conversationNote.count({ where: { conversationId: conversation.id } })).toBe(0);
    expect(await db.message.count({ where: { conversationId: conversation.id } })).toBe(0);
  });
});

describe("live events (SSE)", () => {
  it("streams text/event-stream and relays an event published for the shop", async () => {
    const shop = await setupShop();
    const abort = new AbortController();
    const request = await adminRequest("/app/inbox/events", shop.name, { signal: abort.signal });
    const res = await callRoute(events.loader, request);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/event-stream/);

    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    // The Redis subscription settles asynchronously: publish until it comes through.
    const event = { type: "conversation" as const, conversationId: `c-${randomUUID()}` };
    const publisher = setInterval(() => void publishLive(shop.domain, event), 100);
    try {
      const deadline = Date.now() + 10_000;
      while (!text.includes("data: ") && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } finally {
      clearInterval(publisher);
    }
    expect(text).toContain(": connected");
    const dataLine = text.split("\n").find((line) => line.startsWith("data: "));
    expect(JSON.parse(dataLine!.slice(6))).toEqual(event);

    // Aborting the request unsubscribes and ends the stream.
    abort.abort();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
  });

  it("ends open streams when the web process shuts down, so its server can close", async () => {
    const shop = await setupShop();
    const res = await callRoute(events.loader, await adminRequest("/app/inbox/events", shop.name));
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain(": connected");
    endLiveStreams();
    const next = await Promise.race([reader.read(), new Promise<"open">((resolve) => setTimeout(() => resolve("open"), 2_000))]);
    expect(next).toEqual({ done: true, value: undefined });
  });

  it("rejects a fetch with a forged session token, without opening a stream", async () => {
    const shop = await setupShop();
    // How the browser calls it: App Bridge's fetch sends the session token as a bearer header.
    const request = await setUpValidRequest(
      { type: RequestType.Bearer, store: shop.name, apiKey: API_KEY, apiSecretKey: "not-the-secret" },
      new Request(`${APP_URL}/app/inbox/events`),
    );
    const res = await callRoute(events.loader, request);
    expect(res.status).toBe(401);
    expect(res.headers.get("Content-Type") ?? "").not.toMatch(/event-stream/);
  });
});
