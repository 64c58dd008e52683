// customers/data_request: a complete JSON export of what we hold for one customer,
// stored encrypted for the merchant to download from the admin.
import type { Db } from "~/db.server";
import { decryptJson, encryptJson } from "~/lib/crypto.server";
import { matchShoppers, type CustomerRef } from "./customers.server";

export type DataRequestPayload = {
  customer: CustomerRef;
  orders_requested?: Array<number | string>;
  data_request?: { id?: number | string };
};

const parse = (json: string) => {
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
};

export async function buildCustomerExport(db: Db, shop: string, payload: DataRequestPayload) {
  const shoppers = await matchShoppers(db, shop, payload.customer);
  const ids = shoppers.map((s) => s.id);
  const [consents, optOuts, responses, conversations, messages] = await Promise.all([
    db.consentRecord.findMany({ where: { shop, shopperId: { in: ids } }, orderBy: { createdAt: "asc" } }),
    db.optOut.findMany({ where: { shop, shopperId: { in: ids } }, orderBy: { createdAt: "asc" } }),
    db.surveyResponse.findMany({
      where: { shop, shopperId: { in: ids } },
      include: { survey: { select: { title: true, version: true, questions: { select: { id: true, prompt: true } } } } },
    }),
    db.conversation.findMany({
      where: { shop, shopperId: { in: ids } },
      include: { recommendations: { include: { items: true } }, expert: { select: { name: true } } },
    }),
    db.message.findMany({ where: { shop, shopperId: { in: ids } }, orderBy: { createdAt: "asc" } }),
  ]);
  const customerId = payload.customer.id != null ? String(payload.customer.id) : null;
  const orderIds = (payload.orders_requested ?? []).map(String);
  const [orders, attributions] = await Promise.all([
    db.shopOrder.findMany({
      where: { shop, OR: [{ shopifyOrderId: { in: orderIds } }, ...(customerId ? [{ customerId }] : [])] },
    }),
    db.attribution.findMany({ where: { shop, conversationId: { in: conversations.map((c) => c.id) } } }),
  ]);

  return {
    generatedAt: new Date().toISOString(),
    shop,
    customer: payload.customer,
    dataRequestId: payload.data_request?.id != null ? String(payload.data_request.id) : null,
    shoppers: shoppers.map((s) => ({
      id: s.id,
      phone: s.phone,
      email: s.email,
      firstName: s.firstName,
      lastName: s.lastName,
      shopifyCustomerId: s.shopifyCustomerId,
      timezone: s.timezone,
      optedOut: s.optedOut,
      createdAt: s.createdAt,
    })),
    consentRecords: consents,
    optOuts,
    surveyResponses: responses.map((r) => {
      const prompts = new Map(r.survey.questions.map((q) => [q.id, q.prompt]));
      const answers = parse(r.answers) as Record<string, unknown>;
      return {
        survey: `${r.survey.title} v${r.survey.version}`,
        createdAt: r.createdAt,
        completedAt: r.completedAt,
        answers: Object.entries(answers).map(([id, answer]) => ({ question: prompts.get(id) ?? id, answer })),
      };
    }),
    conversations: conversations.map((c) => ({
      id: c.id,
      expert: c.expert?.name ?? null,
      stage: c.stage,
      status: c.status,
      brief: parse(c.brief),
      createdAt: c.createdAt,
      recommendations: c.recommendations,
    })),
    messages: messages.map((m) => ({
      at: m.createdAt,
      direction: m.direction,
      author: m.author,
      body: m.body,
      media: parse(m.mediaUrls),
      status: m.status,
    })),
    orders,
    attributions,
  };
}

export async function storeCustomerExport(db: Db, shop: string, payload: DataRequestPayload, encryptionKey: string) {
  const data = await buildCustomerExport(db, shop, payload);
  return db.dataExport.create({
    data: {
      shop,
      shopifyCustomerId: payload.customer.id != null ? String(payload.customer.id) : null,
      dataRequestId: data.dataRequestId,
      payload: encryptJson(data, encryptionKey),
    },
    select: { id: true, createdAt: true },
  });
}

export async function listExports(db: Db, shop: string) {
  return db.dataExport.findMany({
    where: { shop },
    orderBy: { createdAt: "desc" },
    select: { id: true, shopifyCustomerId: true, dataRequestId: true, createdAt: true },
    take: 100,
  });
}

export async function readExport(db: Db, shop: string, id: string, encryptionKey: string) {
  const row = await db.dataExport.findFirst({ where: { shop, id } });
  return row ? decryptJson<Awaited<ReturnType<typeof buildCustomerExport>>>(row.payload, encryptionKey) : null;
}
