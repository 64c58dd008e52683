// Response-time metrics: the first reply and the median reply per expert, recorded when the
// expert's message is queued.
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { queueMessage } from "~/domain/messaging/outbox.server";
import { messagingShop, shopperWith, testOutboxDeps } from "../../../test/messaging";
import { adminRequest, callRoute, installShop } from "../../../test/helpers";
import * as expertsPage from "~/routes/app.experts._index";
import { responseTimes } from "./inbox.server";

describe("response times", () => {
  it("records the first response and the median reply per expert", async () => {
    const shop = await messagingShop();
    const t0 = new Date("2026-11-18T15:00:00Z");
    const waits = [120, 600, 60]; // seconds the shopper waited for each answer
    for (const [i, wait] of waits.entries()) {
      const { shopper, conversation } = await shopperWith(shop.domain, { lastInboundAt: t0 });
      await db.conversation.update({ where: { id: conversation.id }, data: { expertId: shop.expert.id, createdAt: t0, lastInboundAt: t0, status: "awaiting_expert" } });
      const at = new Date(t0.getTime() + wait * 1000);
      await queueMessage(testOutboxDeps(() => at), {
        shop: shop.domain,
        shopperId: shopper.id,
        conversationId: conversation.id,
        kind: "expert",
        author: "expert",
        expertId: shop.expert.id,
        body: `Answer ${i}`,
        businessKey: `expert:rt:${i}`,
      });
      // A second reply while the shopper hasn't answered doesn't count again.
      await queueMessage(testOutboxDeps(() => new Date(at.getTime() + 5_000)), {
        shop: shop.domain,
        shopperId: shopper.id,
        conversationId: conversation.id,
        kind: "expert",
        author: "expert",
        expertId: shop.expert.id,
        body: `Follow-up ${i}`,
        businessKey: `expert:rt:${i}:2`,
      });
    }
    const [row] = await responseTimes(db, shop.domain, new Date("2026-11-01T00:00:00Z"));
    expect(row).toEqual({ expertId: shop.expert.id, medianResponseSeconds: 120, medianFirstResponseSeconds: 120, replies: 3 });

    // The Experts page shows them (last 30 days, so move the replies into that window).
    await db.message.updateMany({ where: { shop: shop.domain }, data: { createdAt: new Date() } });
    await db.conversation.updateMany({ where: { shop: shop.domain }, data: { createdAt: new Date(Date.now() - 3_600_000) } });
    await db.conversation.updateMany({ where: { shop: shop.domain }, data: { firstResponseAt: new Date(Date.now() - 3_600_000 + 120_000) } });
    await installShop(shop.domain);
    const res = await callRoute(expertsPage.loader, await adminRequest("/app/experts", shop.name));
    const { experts } = await res.json();
    expect(experts[0]).toMatchObject({ name: "Ava Brooks", medianReply: "2m", medianFirstReply: "2m" });
  });
});
