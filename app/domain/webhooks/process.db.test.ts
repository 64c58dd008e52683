// Webhook processing: each topic's effect, exactly once, and the compliance topics
// erase or export exactly what they should.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { models } from "~/lib/models.server";
import { QueueName } from "~/jobs/queues.server";
import { readExport } from "~/domain/privacy/export.server";
import { processWebhookEvent } from "./process.server";
import { callRoute, closeTestQueues, installShop, testQueue, uniqueShop, webhookRequest } from "../../../test/helpers";
import { countEveryModel, seedEveryModel } from "../../../test/seed-every-model";
import { drainQueue } from "../../../test/workers";
import * as dataRequestRoute from "~/routes/webhooks.customers.data_request";
import * as routes from "./process.test-routes";

afterAll(closeTestQueues);

const processJob = (job: { data: { eventId: string } }) => processWebhookEvent(db, job.data.eventId, env.ENCRYPTION_KEY);

/** Delivers a webhook through its real route, then runs the worker. */
async function deliver(topic: string, shopName: string, payload: unknown, webhookId?: string) {
  const route = routes.byTopic[topic]!;
  const { request, webhookId: id } = await webhookRequest({ topic, shopName, payload, webhookId });
  const res = await callRoute(route.action, request);
  expect(res.status).toBe(200);
  const failures = await drainQueue(QueueName.webhooks, processJob);
  expect(failures).toEqual([]);
  return id;
}

async function shopperWithHistory(shop: string, phone: string, email: string, customerId: string) {
  const survey = await db.survey.create({ data: { shop, key: `k-${phone}`, version: 1, title: "Fit finder" } });
  const question = await db.question.create({ data: { shop, surveyId: survey.id, position: 0, type: "short_text", prompt: "Skin type?" } });
  const shopper = await db.shopper.create({ data: { shop, phone, email, shopifyCustomerId: customerId, firstName: "Sam" } });
  const response = await db.surveyResponse.create({
    data: { shop, surveyId: survey.id, shopperId: shopper.id, answers: JSON.stringify({ [question.id]: "oily" }), completedAt: new Date() },
  });
  const conversation = await db.conversation.create({ data: { shop, shopperId: shopper.id, surveyResponseId: response.id } });
  await db.consentRecord.create({ data: { shop, shopperId: shopper.id, wordingVersion: 1, wordingHash: "h", ip: "203.0.113.9" } });
  await db.optOut.create({ data: { shop, shopperId: shopper.id, keyword: "STOP", source: "inbound_keyword" } });
  await db.message.create({
    data: { shop, conversationId: conversation.id, shopperId: shopper.id, direction: "inbound", author: "shopper", body: `hello from ${phone}`, businessKey: `in:${phone}`, status: "received" },
  });
  await db.shopOrder.create({ data: { shop, shopifyOrderId: `o-${customerId}`, customerId, phone, email, totalCents: 4200, processedAt: new Date() } });
  return shopper;
}

describe("shop/redact", () => {
  it("deletes every row of the shop in every table and nothing of another shop", async () => {
    const target = uniqueShop();
    const other = uniqueShop();
    await seedEveryModel(db, target.domain);
    await seedEveryModel(db, other.domain);
    const before = await countEveryModel(db, target.domain);
    expect(Object.values(before).every((n) => n >= 1), JSON.stringify(before)).toBe(true);
    expect(Object.keys(before)).toHaveLength(models.length);

    await deliver("shop/redact", target.name, { shop_id: 1, shop_domain: target.domain });

    const after = await countEveryModel(db, target.domain);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    const untouched = await countEveryModel(db, other.domain);
    expect(Object.entries(untouched).filter(([, n]) => n < 1)).toEqual([]);
  });
});

describe("customers/redact", () => {
  it("deletes that customer's phone, messages, answers and consent records, and nothing of other customers", async () => {
    const shop = uniqueShop();
    const target = await shopperWithHistory(shop.domain, "+13055550101", "target@example.com", "501");
    const other = await shopperWithHistory(shop.domain, "+13055550102", "other@example.com", "502");

    await deliver("customers/redact", shop.name, {
      shop_id: 1,
      shop_domain: shop.domain,
      customer: { id: 501, email: "target@example.com", phone: "+13055550101" },
      orders_to_redact: ["o-501"],
    });

    const where = (shopperId: string) => ({ shop: shop.domain, shopperId });
    expect(await db.shopper.count({ where: { shop: shop.domain, id: target.id } })).toBe(0);
    expect(await db.shopper.count({ where: { shop: shop.domain, phone: "+13055550101" } })).toBe(0);
    for (const id of [target.id]) {
      expect(await db.message.count({ where: where(id) })).toBe(0);
      expect(await db.surveyResponse.count({ where: where(id) })).toBe(0);
      expect(await db.consentRecord.count({ where: where(id) })).toBe(0);
      expect(await db.optOut.count({ where: where(id) })).toBe(0);
      expect(await db.conversation.count({ where: where(id) })).toBe(0);
    }
    const order = await db.shopOrder.findFirstOrThrow({ where: { shop: shop.domain, shopifyOrderId: "o-501" } });
    expect(order).toMatchObject({ phone: null, email: null, customerId: null, totalCents: 4200 });

    expect(await db.message.count({ where: where(other.id) })).toBe(1);
    expect(await db.surveyResponse.count({ where: where(other.id) })).toBe(1);
    expect(await db.consentRecord.count({ where: where(other.id) })).toBe(1);
    expect(await db.shopOrder.findFirstOrThrow({ where: { shop: shop.domain, shopifyOrderId: "o-502" } })).toMatchObject({ phone: "+13055550102" });
  });
});

describe("customers/data_request", () => {
  const payload = (shop: string) => ({
    shop_id: 1,
    shop_domain: shop,
    customer: { id: 601, email: "ask@example.com", phone: "+12035550123" },
    orders_requested: ["o-601"],
    data_request: { id: 9001 },
  });

  it("builds a complete export for the merchant, stored encrypted", async () => {
    const shop = uniqueShop();
    await shopperWithHistory(shop.domain, "+12035550123", "ask@example.com", "601");
    await shopperWithHistory(shop.domain, "+12035550124", "someone@example.com", "602");
    await deliver("customers/data_request", shop.name, payload(shop.domain));

    const [row] = await db.dataExport.findMany({ where: { shop: shop.domain } });
    expect(row!.payload).not.toContain("ask@example.com");
    const data = (await readExport(db, shop.domain, row!.id, env.ENCRYPTION_KEY))!;
    expect(data.dataRequestId).toBe("9001");
    expect(data.shoppers.map((s) => s.phone)).toEqual(["+12035550123"]);
    expect(data.messages.map((m) => m.body)).toEqual(["hello from +12035550123"]);
    expect(data.surveyResponses[0]!.answers).toEqual([{ question: "Skin type?", answer: "oily" }]);
    expect(data.consentRecords).toHaveLength(1);
    expect(data.optOuts).toHaveLength(1);
    expect(data.orders.map((o) => o.shopifyOrderId)).toEqual(["o-601"]);
    expect(JSON.stringify(data)).not.toContain("someone@example.com");
  });

  it("has exactly one effect when the same webhook is delivered three times", async () => {
    const shop = uniqueShop();
    await shopperWithHistory(shop.domain, "+12035550125", "ask@example.com", "601");
    const webhookId = crypto.randomUUID();
    for (let i = 0; i < 3; i++) await deliver("customers/data_request", shop.name, payload(shop.domain), webhookId);
    // And once more racing: three concurrent deliveries of a second id.
    const raceId = crypto.randomUUID();
    await Promise.all(
      [0, 1, 2].map(async () => {
        const { request } = await webhookRequest({ topic: "customers/data_request", shopName: shop.name, payload: payload(shop.domain), webhookId: raceId });
        expect((await callRoute(dataRequestRoute.action, request)).status).toBe(200);
      }),
    );
    expect(await drainQueue(QueueName.webhooks, processJob)).toEqual([]);
    expect(await db.dataExport.count({ where: { shop: shop.domain } })).toBe(2);
    expect(await db.webhookEvent.count({ where: { id: { in: [webhookId, raceId] }, processedAt: { not: null } } })).toBe(2);
  });
});

describe("app/uninstalled and app/scopes_update", () => {
  it("drops the sessions and marks the shop uninstalled, keeping its data", async () => {
    const shop = uniqueShop();
    await installShop(shop.domain);
    await db.shop.create({ data: { shop: shop.domain } });
    await db.expert.create({ data: { shop: shop.domain, name: "Ava" } });
    await deliver("app/uninstalled", shop.name, { id: 1, domain: shop.domain });
    expect(await db.session.count({ where: { shop: shop.domain } })).toBe(0);
    expect((await db.shop.findUniqueOrThrow({ where: { shop: shop.domain } })).uninstalledAt).toBeInstanceOf(Date);
    expect(await db.expert.count({ where: { shop: shop.domain } })).toBe(1);
  });

  it("records the new scopes on the sessions and the shop", async () => {
    const shop = uniqueShop();
    await installShop(shop.domain);
    await db.shop.create({ data: { shop: shop.domain } });
    await deliver("app/scopes_update", shop.name, { id: 1, previous: ["read_products"], current: ["read_products", "read_orders"] });
    expect((await db.session.findFirstOrThrow({ where: { shop: shop.domain } })).scope).toBe("read_products,read_orders");
    expect((await db.shop.findUniqueOrThrow({ where: { shop: shop.domain } })).scopes).toBe("read_products,read_orders");
  });
});

describe("job data", () => {
  it("carries only the event id, never the payload's personal data", async () => {
    const shop = uniqueShop();
    const { request, webhookId } = await webhookRequest({
      topic: "customers/data_request",
      shopName: shop.name,
      payload: { customer: { id: 1, email: "private@example.com", phone: "+13055550199" } },
    });
    await callRoute(dataRequestRoute.action, request);
    const job = (await testQueue(QueueName.webhooks).getJob(webhookId))!;
    expect(job.data).toEqual({ eventId: webhookId });
    const stored = await db.webhookEvent.findUniqueOrThrow({ where: { id: webhookId } });
    expect(stored.payload).not.toContain("private@example.com");
    await drainQueue(QueueName.webhooks, processJob);
    expect((await db.webhookEvent.findUniqueOrThrow({ where: { id: webhookId } })).payload).toBeNull();
  });
});
