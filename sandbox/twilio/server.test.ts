// The Twilio stand-in, driven through the official SDK as the app drives real Twilio.
import twilio from "twilio";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sandboxTwilioClient } from "./client";
import { inboundWebhookParams, incomingPhoneNumberFields, listEnvelopeFields, messageFields, statusCallbackParams } from "./contract";
import { startTwilio, type TwilioSandbox } from "./server";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver";

const accountSid = "AC" + "1234567890abcdef".repeat(2);
const authToken = "sandbox_auth_token";
const from = "+14155550199";
const serviceSid = "MG" + "abcdef0123456789".repeat(2);

let standIn: TwilioSandbox;
let receiver: WebhookReceiver;
let client: twilio.Twilio;
let replyTwiml = "";
const log: string[] = [];

beforeAll(async () => {
  standIn = await startTwilio({
    accountSid,
    authToken,
    statusDelaysMs: { sent: 20, delivered: 20 },
    timeoutHoldMs: 3_000,
    messagingServices: { [serviceSid]: ["+12125550150"] },
    log: (line) => log.push(line),
  });
  receiver = await startWebhookReceiver(() =>
    replyTwiml ? { status: 200, body: replyTwiml, contentType: "text/xml" } : { status: 204 },
  );
  client = sandboxTwilioClient(standIn.url, accountSid, authToken);
});

afterEach(async () => {
  await standIn.settled();
  receiver.received.length = 0;
  replyTwiml = "";
});

afterAll(async () => {
  await standIn.close();
  await receiver.close();
});

function rawRequest(method: string, path: string, form?: Record<string, string | string[]>, auth = `${accountSid}:${authToken}`) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form ?? {})) for (const item of [v].flat()) body.append(k, item);
  return fetch(`${standIn.url}${path}`, {
    method,
    headers: { Authorization: `Basic ${Buffer.from(auth).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: method === "POST" ? body.toString() : undefined,
  });
}

const messagesPath = `/2010-04-01/Accounts/${accountSid}/Messages.json`;

async function rejection(promise: Promise<unknown>): Promise<{ status: number; code: number; message: string }> {
  const error = await promise.then(
    () => {
      throw new Error("expected the request to be rejected");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(twilio.RestException);
  const rest = error as InstanceType<typeof twilio.RestException>;
  return { status: rest.status, code: rest.code ?? 0, message: rest.message };
}

describe("auth", () => {
  it("rejects a wrong token with Twilio's 20003 error", async () => {
    const wrong = sandboxTwilioClient(standIn.url, accountSid, "not-the-token");
    expect(await rejection(wrong.messages.list({ limit: 1 }))).toEqual({ status: 401, code: 20003, message: "Authenticate" });
  });

  it("rejects a path whose AccountSid is not the authenticated account", async () => {
    const other = "AC" + "f".repeat(32);
    const response = await rawRequest("GET", `/2010-04-01/Accounts/${other}/Messages.json`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 });
  });

  it("answers 404 with 20404 for unknown resources", async () => {
    const response = await rawRequest("GET", `/2010-04-01/Accounts/${accountSid}/Messages/SM${"0".repeat(32)}.json`);
    expect(response.status).toBe(404);
    expect((await response.json()).code).toBe(20404);
  });
});

describe("Messages", () => {
  it("creates, fetches and lists a message through the SDK", async () => {
    const before = new Date(Date.now() - 1000);
    const created = await client.messages.create({ to: "+14155550100", from, body: "Your order shipped" });
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(created.status).toBe("queued");
    expect(created.direction).toBe("outbound-api");
    expect(created.numSegments).toBe("1");
    expect(created.numMedia).toBe("0");
    expect(created.price).toBeNull();
    expect(created.uri).toBe(`/2010-04-01/Accounts/${accountSid}/Messages/${created.sid}.json`);
    expect(created.dateCreated).toBeInstanceOf(Date);

    const fetched = await client.messages(created.sid).fetch();
    expect(fetched.body).toBe("Your order shipped");
    const listed = await client.messages.list({ to: "+14155550100", dateSentAfter: before });
    expect(listed.map((m) => m.sid)).toContain(created.sid);
    expect(await client.messages.list({ to: "+14155550100", dateSentAfter: new Date(Date.now() + 60_000) })).toEqual([]);
  });

  it("answers with exactly the contract's fields, RFC 2822 dates and the subresource URIs", async () => {
    const response = await rawRequest("POST", messagesPath, { To: "+14155550100", From: from, Body: "fields" });
    expect(response.status).toBe(201);
    const json = await response.json();
    expect(Object.keys(json).sort()).toEqual([...messageFields].sort());
    expect(json.date_created).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(json.subresource_uris.media).toBe(`/2010-04-01/Accounts/${accountSid}/Messages/${json.sid}/Media.json`);
  });

  it("rejects what Twilio rejects, with Twilio's codes", async () => {
    // The SDK refuses an undefined `to` locally; an empty one reaches the server, as with Twilio.
    expect(await rejection(client.messages.create({ to: "", from, body: "x" }))).toEqual({
      status: 400,
      code: 21604,
      message: "A 'To' phone number is required.",
    });
    expect(await rejection(client.messages.create({ to: "+14155550100", body: "x" }))).toMatchObject({ status: 400, code: 21603 });
    expect(await rejection(client.messages.create({ to: "+14155550100", from }))).toEqual({
      status: 400,
      code: 21602,
      message: "Message body is required.",
    });
    expect(await rejection(client.messages.create({ to: "415-555-0100", from, body: "x" }))).toMatchObject({ status: 400, code: 21211 });
    expect(await rejection(client.messages.create({ to: "+14155550100", from: "not/a/sender!", body: "x" }))).toMatchObject({ code: 21212 });
    expect(await rejection(client.messages.create({ to: "+14155550100", from, body: "x".repeat(1601) }))).toMatchObject({ code: 21617 });
    const raw = await rawRequest("POST", messagesPath, { From: from, Body: "x" });
    expect(await raw.json()).toEqual({
      code: 21604,
      message: "A 'To' phone number is required.",
      more_info: "https://www.twilio.com/docs/errors/21604",
      status: 400,
    });
    expect(standIn.store.messages.filter((m) => m.body === "x")).toEqual([]);
  });

  it("accepts a media-only message and counts repeatable MediaUrl", async () => {
    const created = await client.messages.create({ to: "+14155550100", from, mediaUrl: [`${standIn.url}/media/sample.png`, "https://example.com/b.jpg"] });
    expect(created.sid).toMatch(/^MM[0-9a-f]{32}$/);
    expect(created.numMedia).toBe("2");
    expect(standIn.store.messages.find((m) => m.sid === created.sid)?.mediaUrls).toHaveLength(2);
  });

  it("ignores parameter names outside the spec, as Twilio does, and notes them", async () => {
    const response = await rawRequest("POST", messagesPath, { To: "+14155550100", From: from, Body: "tags", Tags: "{}", Bogus: "1" });
    expect(response.status).toBe(201);
    const { sid } = await response.json();
    expect(standIn.store.messages.find((m) => m.sid === sid)?.ignoredParams).toEqual(["Tags", "Bogus"]);
  });

  it("computes segments: GSM-7 160/153, UCS-2 70/67", async () => {
    const segments = async (body: string) => (await client.messages.create({ to: "+14155550100", from, body })).numSegments;
    expect(await segments("a".repeat(160))).toBe("1");
    expect(await segments("a".repeat(161))).toBe("2");
    expect(await segments("a".repeat(307))).toBe("3");
    expect(await segments("ж".repeat(70))).toBe("1");
    expect(await segments("ж".repeat(71))).toBe("2");
    expect(await segments("ж".repeat(135))).toBe("3");
  });

  it("pages newest first and the SDK follows next_page_uri", async () => {
    const to = "+14155550142";
    const sids: string[] = [];
    for (let i = 0; i < 5; i++) sids.push((await client.messages.create({ to, from, body: `n${i}` })).sid);
    const page = await client.messages.page({ to, pageSize: 2 });
    expect(page.instances.map((m) => m.body)).toEqual(["n4", "n3"]);
    expect(page.nextPageUrl).toContain("PageToken=PA");
    const all = await client.messages.list({ to, pageSize: 2 });
    expect(all.map((m) => m.sid)).toEqual([...sids].reverse());

    const raw = await (await rawRequest("GET", `${messagesPath}?To=${encodeURIComponent(to)}&PageSize=2`)).json();
    expect(Object.keys(raw).sort()).toEqual([...listEnvelopeFields, "messages"].sort());
    expect(raw).toMatchObject({ page: 0, page_size: 2, start: 0, end: 1, previous_page_uri: null });
  });

  it("filters by DateSent (day) and From", async () => {
    const to = "+14155550143";
    await client.messages.create({ to, from: "+14155550198", body: "other sender" });
    await client.messages.create({ to, from, body: "mine" });
    const today = new Date().toISOString().slice(0, 10);
    const raw = await (await rawRequest("GET", `${messagesPath}?To=${encodeURIComponent(to)}&From=${encodeURIComponent(from)}&DateSent=${today}`)).json();
    expect(raw.messages.map((m: { body: string }) => m.body)).toEqual(["mine"]);
    const none = await (await rawRequest("GET", `${messagesPath}?To=${encodeURIComponent(to)}&DateSent%3C=2001-01-01`)).json();
    expect(none.messages).toEqual([]);
  });

  it("starts a Messaging Service send as accepted; the service picks From from its pool", async () => {
    const statusCallback = `${receiver.url}/status`;
    const created = await client.messages.create({ to: "+14155550100", messagingServiceSid: serviceSid, body: "via service", statusCallback });
    expect(created.status).toBe("accepted");
    expect(created.from).toBeNull();
    expect(created.messagingServiceSid).toBe(serviceSid);
    const [queued] = await receiver.waitFor(1);
    expect(queued.params).toMatchObject({ MessageStatus: "queued", MessagingServiceSid: serviceSid, From: "+12125550150" });
  });

  it("deletes a message", async () => {
    const created = await client.messages.create({ to: "+14155550100", from, body: "delete me" });
    expect(await client.messages(created.sid).remove()).toBe(true);
    expect(await rejection(client.messages(created.sid).fetch())).toMatchObject({ status: 404, code: 20404 });
  });
});

describe("status callbacks", () => {
  it("delivers queued → sent → delivered, signed as Twilio signs, and records each delivery", async () => {
    const statusCallback = `${receiver.url}/twilio/status?shop=demo.myshopify.com`;
    const created = await client.messages.create({ to: "+14155550100", from, body: "track me", statusCallback });
    const hooks = await receiver.waitFor(3);
    expect(hooks.map((h) => h.params.MessageStatus)).toEqual(["queued", "sent", "delivered"]);
    for (const hook of hooks) {
      expect(hook.url).toBe(statusCallback);
      expect(twilio.validateRequest(authToken, String(hook.headers["x-twilio-signature"]), hook.url, hook.params)).toBe(true);
      expect(twilio.validateRequest("another token", String(hook.headers["x-twilio-signature"]), hook.url, hook.params)).toBe(false);
      expect(Object.keys(hook.params).sort()).toEqual([...statusCallbackParams].sort());
      expect(hook.params).toMatchObject({ AccountSid: accountSid, ApiVersion: "2010-04-01", MessageSid: created.sid, SmsSid: created.sid, From: from });
      expect(hook.params.SmsStatus).toBe(hook.params.MessageStatus);
    }
    await standIn.settled();
    expect((await client.messages(created.sid).fetch()).status).toBe("delivered");
    const recorded = standIn.store.webhooks.filter((w) => w.messageSid === created.sid);
    expect(recorded.map((w) => [w.messageStatus, w.statusCode])).toEqual([
      ["queued", 204],
      ["sent", 204],
      ["delivered", 204],
    ]);
    expect(standIn.store.messages.find((m) => m.sid === created.sid)?.statusHistory.map((h) => h.status)).toEqual(["queued", "sent", "delivered"]);
  });

  it("moves status forward without a StatusCallback", async () => {
    const created = await client.messages.create({ to: "+14155550100", from, body: "no callback" });
    await standIn.settled();
    expect((await client.messages(created.sid).fetch()).status).toBe("delivered");
    expect(receiver.received).toEqual([]);
  });

  it("survives a callback target that is down, logging and recording the failure", async () => {
    const down = await startWebhookReceiver();
    const downUrl = `${down.url}/status`;
    await down.close();
    const created = await client.messages.create({ to: "+14155550100", from, body: "nobody listens", statusCallback: downUrl });
    await standIn.settled();
    const recorded = standIn.store.webhooks.filter((w) => w.messageSid === created.sid);
    expect(recorded).toHaveLength(3);
    expect(recorded.every((w) => w.statusCode === null && w.error)).toBe(true);
    expect(log.some((line) => line.includes(downUrl))).toBe(true);
    expect((await client.messages(created.sid).fetch()).status).toBe("delivered");
  });

  it("signs the public URL but delivers where webhookTarget points (edge redirection)", async () => {
    const publicBase = "https://my-test-app.myshopify.io";
    const edge = await startTwilio({
      accountSid,
      authToken,
      statusDelaysMs: { sent: 5, delivered: 5 },
      webhookTarget: (url) => url.replace(publicBase, receiver.url),
      log: () => {},
    });
    try {
      const edgeClient = sandboxTwilioClient(edge.url, accountSid, authToken);
      await edgeClient.messages.create({ to: "+14155550100", from, body: "edge", statusCallback: `${publicBase}/twilio/status` });
      const [hook] = await receiver.waitFor(1);
      expect(hook.url).toBe(`${receiver.url}/twilio/status`);
      const signature = String(hook.headers["x-twilio-signature"]);
      expect(twilio.validateRequest(authToken, signature, `${publicBase}/twilio/status`, hook.params)).toBe(true);
      await edge.settled();
    } finally {
      await edge.close();
    }
  });
});

describe("magic To numbers", () => {
  it("+15005550004: 21610 unsubscribed recipient, nothing stored as sent", async () => {
    expect(await rejection(client.messages.create({ to: "+15005550004", from, body: "promo" }))).toEqual({
      status: 400,
      code: 21610,
      message: "Attempt to send to unsubscribed recipient",
    });
    expect(standIn.store.messages.filter((m) => m.to === "+15005550004")).toEqual([]);
    expect(await client.messages.list({ to: "+15005550004" })).toEqual([]);
    expect(standIn.store.rejected.some((r) => r.code === 21610 && r.to === "+15005550004")).toBe(true);
  });

  it("+15005550001: 21211 invalid number", async () => {
    expect(await rejection(client.messages.create({ to: "+15005550001", from, body: "x" }))).toMatchObject({ status: 400, code: 21211 });
    expect(standIn.store.messages.filter((m) => m.to === "+15005550001")).toEqual([]);
  });

  it.each([
    ["+15005550030", 30003, "Unreachable destination handset"],
    ["+15005550031", 30007, "Message filtered"],
  ])("%s: accepted, then queued → sent → undelivered with %i", async (to, errorCode, errorMessage) => {
    const created = await client.messages.create({ to, from, body: "x", statusCallback: `${receiver.url}/status` });
    expect(created.status).toBe("queued");
    const hooks = await receiver.waitFor(3);
    expect(hooks.map((h) => h.params.MessageStatus)).toEqual(["queued", "sent", "undelivered"]);
    expect(hooks[2].params).toMatchObject({ ErrorCode: String(errorCode), ErrorMessage: errorMessage });
    expect(hooks[1].params.ErrorCode).toBeUndefined();
    await standIn.settled();
    const fetched = await client.messages(created.sid).fetch();
    expect([fetched.status, fetched.errorCode, fetched.errorMessage]).toEqual(["undelivered", errorCode, errorMessage]);
  });

  it("+15005550032: the client times out, yet the message exists and listing finds it", async () => {
    const impatient = sandboxTwilioClient(standIn.url, accountSid, authToken, { timeout: 300 });
    const attemptStart = new Date(Date.now() - 1000);
    const started = Date.now();
    await expect(impatient.messages.create({ to: "+15005550032", from, body: "did it send?" })).rejects.toThrow(/timeout/i);
    expect(Date.now() - started).toBeLessThan(2_000);
    const found = await client.messages.list({ to: "+15005550032", dateSentAfter: attemptStart });
    expect(found).toHaveLength(1);
    expect(found[0].body).toBe("did it send?");
    expect(standIn.store.messages.filter((m) => m.to === "+15005550032")).toHaveLength(1);
  });

  it("+15005550032: a patient client gets the 201 after timeoutHoldMs", async () => {
    const held = await startTwilio({ accountSid, authToken, statusDelaysMs: { sent: 5, delivered: 5 }, timeoutHoldMs: 400, log: () => {} });
    try {
      const started = Date.now();
      const response = await fetch(`${held.url}${messagesPath}`, {
        method: "POST",
        headers: { Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ To: "+15005550032", From: from, Body: "slow" }).toString(),
      });
      expect(response.status).toBe(201);
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      await held.settled();
    } finally {
      await held.close();
    }
  });
});

describe("phone numbers", () => {
  it("searches local and toll-free numbers deterministically, with filters", async () => {
    const first = await client.availablePhoneNumbers("US").local.list({ areaCode: 415, smsEnabled: true, limit: 5 });
    const again = await client.availablePhoneNumbers("US").local.list({ areaCode: 415, smsEnabled: true, limit: 5 });
    expect(first.map((n) => n.phoneNumber)).toEqual(again.map((n) => n.phoneNumber));
    expect(first).toHaveLength(5);
    expect(first[0]).toMatchObject({ phoneNumber: "+14155550100", friendlyName: "(415) 555-0100", locality: "San Francisco", region: "CA", isoCountry: "US" });
    expect(first[0].capabilities).toEqual({ mms: true, sms: true, voice: true, fax: false });

    const contains = await client.availablePhoneNumbers("US").local.list({ areaCode: 212, contains: "0142", limit: 5 });
    expect(contains.map((n) => n.phoneNumber)).toEqual(["+12125550142"]);
    const tollFree = await client.availablePhoneNumbers("US").tollFree.list({ limit: 3 });
    expect(tollFree.map((n) => n.phoneNumber)).toEqual(["+18335550100", "+18335550101", "+18335550102"]);
    expect(tollFree[0].locality).toBeNull();
    expect(await client.availablePhoneNumbers("US").local.list({ smsEnabled: false, limit: 3 })).toEqual([]);
  });

  it("buys, lists, updates, fetches and releases an incoming number", async () => {
    const bought = await client.incomingPhoneNumbers.create({ areaCode: "312", smsUrl: `${receiver.url}/twilio/inbound`, friendlyName: "Concierge" });
    expect(bought.sid).toMatch(/^PN[0-9a-f]{32}$/);
    expect(bought.phoneNumber).toMatch(/^\+1312555/);
    expect(bought).toMatchObject({ smsMethod: "POST", friendlyName: "Concierge", type: "local" });

    const available = await client.availablePhoneNumbers("US").local.list({ areaCode: 312, limit: 200 });
    expect(available.map((n) => n.phoneNumber)).not.toContain(bought.phoneNumber);

    const listed = await client.incomingPhoneNumbers.list({ phoneNumber: bought.phoneNumber });
    expect(listed.map((n) => n.sid)).toEqual([bought.sid]);
    const updated = await client.incomingPhoneNumbers(bought.sid).update({ smsUrl: `${receiver.url}/other` });
    expect(updated.smsUrl).toBe(`${receiver.url}/other`);
    expect((await client.incomingPhoneNumbers(bought.sid).fetch()).smsUrl).toBe(`${receiver.url}/other`);

    expect(await rejection(client.incomingPhoneNumbers.create({ phoneNumber: bought.phoneNumber }))).toMatchObject({ status: 400, code: 21422 });
    expect(await client.incomingPhoneNumbers(bought.sid).remove()).toBe(true);
    expect(await rejection(client.incomingPhoneNumbers(bought.sid).fetch())).toMatchObject({ status: 404, code: 20404 });
  });

  it("requires PhoneNumber or AreaCode and answers with the contract's fields", async () => {
    expect(await rejection(client.incomingPhoneNumbers.create({ friendlyName: "nothing" }))).toMatchObject({ status: 400 });
    const response = await rawRequest("POST", `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json`, { PhoneNumber: "+18445550177" });
    expect(response.status).toBe(201);
    const json = await response.json();
    expect(Object.keys(json).sort()).toEqual([...incomingPhoneNumberFields].sort());
    expect(json.type).toBe("toll-free");
  });
});

describe("inbound", () => {
  it("posts Twilio's signed inbound webhook to the number's SmsUrl and returns the app's status", async () => {
    const number = await client.incomingPhoneNumbers.create({ phoneNumber: "+14155550111", smsUrl: `${receiver.url}/twilio/inbound` });
    const result = await standIn.simulateInbound({ from: "+12125550123", to: number.phoneNumber, body: "Is this in stock?" });
    expect(result.status).toBe(204);
    expect(result.sid).toMatch(/^SM[0-9a-f]{32}$/);
    const [hook] = await receiver.waitFor(1);
    expect(hook.url).toBe(`${receiver.url}/twilio/inbound`);
    expect(twilio.validateRequest(authToken, String(hook.headers["x-twilio-signature"]), hook.url, hook.params)).toBe(true);
    expect(Object.keys(hook.params).sort()).toEqual([...inboundWebhookParams].sort());
    expect(hook.params).toMatchObject({
      MessageSid: result.sid,
      SmsSid: result.sid,
      SmsMessageSid: result.sid,
      AccountSid: accountSid,
      From: "+12125550123",
      To: "+14155550111",
      Body: "Is this in stock?",
      NumMedia: "0",
      NumSegments: "1",
      SmsStatus: "received",
      ApiVersion: "2010-04-01",
      FromCountry: "US",
      FromState: "NY",
      ToCity: "SAN FRANCISCO",
    });
    const stored = standIn.store.messages.find((m) => m.sid === result.sid);
    expect(stored).toMatchObject({ direction: "inbound", status: "received" });
    expect((await client.messages(result.sid).fetch()).direction).toBe("inbound");
  });

  it("carries media as MediaUrlN/MediaContentTypeN and serves the media locally", async () => {
    await client.incomingPhoneNumbers.create({ phoneNumber: "+14155550112", smsUrl: `${receiver.url}/twilio/inbound` });
    const result = await standIn.simulateInbound({ from: "+12125550123", to: "+14155550112", body: "", mediaUrls: ["/media/sample.png"] });
    expect(result.sid).toMatch(/^MM/);
    const [hook] = await receiver.waitFor(1);
    expect(hook.params).toMatchObject({ NumMedia: "1", MediaContentType0: "image/png", MediaUrl0: `${standIn.url}/media/sample.png` });
    expect(twilio.validateRequest(authToken, String(hook.headers["x-twilio-signature"]), hook.url, hook.params)).toBe(true);
    const image = await fetch(hook.params.MediaUrl0);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect([...new Uint8Array(await image.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it("uses defaultInboundUrl for numbers without SmsUrl, tags a service's numbers, and sends TwiML replies", async () => {
    const withDefault = await startTwilio({
      accountSid,
      authToken,
      statusDelaysMs: { sent: 5, delivered: 5 },
      defaultInboundUrl: `${receiver.url}/default`,
      messagingServices: { [serviceSid]: ["+12125550150"] },
      log: () => {},
    });
    try {
      replyTwiml = `<?xml version="1.0" encoding="UTF-8"?><Response><Message>You&apos;re opted out. Reply START to resume.</Message></Response>`;
      const result = await withDefault.simulateInbound({ from: "+13125550177", to: "+12125550150", body: "STOP" });
      expect(result.status).toBe(200);
      const [hook] = await receiver.waitFor(1);
      expect(hook.url).toBe(`${receiver.url}/default`);
      expect(hook.params.MessagingServiceSid).toBe(serviceSid);
      const reply = withDefault.store.messages.find((m) => m.direction === "outbound-reply");
      expect(reply).toMatchObject({ from: "+12125550150", to: "+13125550177", body: "You're opted out. Reply START to resume." });
      await withDefault.settled();
      expect(reply?.status).toBe("delivered");
    } finally {
      await withDefault.close();
    }
  });

  it("signs a GET webhook over the URL with its query when SmsMethod is GET", async () => {
    await client.incomingPhoneNumbers.create({ phoneNumber: "+14155550113", smsUrl: `${receiver.url}/twilio/inbound?x=1`, smsMethod: "GET" });
    await standIn.simulateInbound({ from: "+12125550123", to: "+14155550113", body: "hi there" });
    const [hook] = await receiver.waitFor(1);
    expect(hook.method).toBe("GET");
    expect(hook.params.Body).toBe("hi there");
    expect(twilio.validateRequest(authToken, String(hook.headers["x-twilio-signature"]), hook.url, {})).toBe(true);
  });

  it("returns status 0 when the app cannot be reached", async () => {
    const down = await startWebhookReceiver();
    await down.close();
    await client.incomingPhoneNumbers.create({ phoneNumber: "+14155550114", smsUrl: `${down.url}/twilio/inbound` });
    const result = await standIn.simulateInbound({ from: "+12125550123", to: "+14155550114", body: "anyone?" });
    expect(result.status).toBe(0);
    expect(standIn.store.webhooks.find((w) => w.messageSid === result.sid)?.error).toBeTruthy();
  });
});

describe("sandbox control API", () => {
  it("lists messages by participant with direction, counts by status, and injects inbound", async () => {
    const shopper = "+13055550160";
    await client.incomingPhoneNumbers.create({ phoneNumber: "+14155550115", smsUrl: `${receiver.url}/twilio/inbound` });
    await client.messages.create({ to: shopper, from: "+14155550115", body: "Hi from your expert" });
    const injected = await fetch(`${standIn.url}/_sandbox/inbound`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ from: shopper, to: "+14155550115", body: "Thanks!" }),
    });
    expect(await injected.json()).toMatchObject({ status: 204, sid: expect.stringMatching(/^SM/) });

    const byTo = await (await fetch(`${standIn.url}/_sandbox/messages?to=${encodeURIComponent(shopper)}`)).json();
    expect(byTo.messages.map((m: { direction: string; body: string }) => [m.direction, m.body])).toEqual([["outbound-api", "Hi from your expert"]]);
    const conversation = await (await fetch(`${standIn.url}/_sandbox/messages?participant=${encodeURIComponent(shopper)}`)).json();
    expect(conversation.messages.map((m: { direction: string }) => m.direction)).toEqual(["outbound-api", "inbound"]);

    await standIn.settled();
    const stats = await (await fetch(`${standIn.url}/_sandbox/stats`)).json();
    const statuses = standIn.store.messages.map((m) => m.status);
    expect(stats.total).toBe(standIn.store.messages.length);
    expect(stats.byStatus.received).toBe(statuses.filter((s) => s === "received").length);
    expect(stats.byStatus.delivered).toBe(statuses.filter((s) => s === "delivered").length);

    const bad = await fetch(`${standIn.url}/_sandbox/inbound`, { method: "POST", body: JSON.stringify({ to: "+1" }) });
    expect(bad.status).toBe(400);
  });

  it("notifies listeners of new messages and status changes", async () => {
    const seen: string[] = [];
    const off = standIn.on("message", (m) => {
      if (m.body === "listen") seen.push(m.status);
    });
    await client.messages.create({ to: "+14155550100", from, body: "listen" });
    await standIn.settled();
    off();
    expect(seen).toEqual(["queued", "sent", "delivered"]);
  });

  it("stops listening on close", async () => {
    const short = await startTwilio({ accountSid, authToken, log: () => {} });
    await short.close();
    await expect(fetch(`${short.url}/_sandbox/stats`)).rejects.toThrow();
  });
});
