// GDPR compliance webhooks: shop/redact erases a shop; customers/redact erases one
// customer's personal data and nothing of anyone else's.
import type { Db } from "~/db.server";
import { delegateName, models, parentsFirst } from "~/lib/models.server";
import { matchShoppers, type CustomerRef } from "./customers.server";

type DeleteMany = { deleteMany(args: { where: { shop: string } }): Promise<{ count: number }> };

/** Deletes every row of the shop in every table, children before parents. */
export async function redactShop(db: Db, shop: string) {
  const counts: Record<string, number> = {};
  const childrenFirst = parentsFirst(models).reverse();
  await db.$transaction(async (tx) => {
    for (const model of childrenFirst) {
      const delegate = (tx as unknown as Record<string, DeleteMany>)[delegateName(model)]!;
      const { count } = await delegate.deleteMany({ where: { shop } });
      counts[model.name] = count;
    }
  });
  return counts;
}

export type CustomerRedactPayload = {
  customer: CustomerRef;
  orders_to_redact?: Array<number | string>;
};

/** Deletes the customer's shopper record and everything hanging off it. */
export async function redactCustomer(db: Db, shop: string, payload: CustomerRedactPayload) {
  const shoppers = await matchShoppers(db, shop, payload.customer);
  const shopperIds = shoppers.map((s) => s.id);
  const orderIds = (payload.orders_to_redact ?? []).map(String);
  const customerId = payload.customer.id != null ? String(payload.customer.id) : undefined;
  return db.$transaction(async (tx) => {
    // Messages, consent records, opt-outs, survey responses and conversations cascade from Shopper.
    const deletedShoppers = await tx.shopper.deleteMany({ where: { shop, id: { in: shopperIds } } });
    const scrubbedOrders = await tx.shopOrder.updateMany({
      where: {
        shop,
        OR: [{ shopifyOrderId: { in: orderIds } }, ...(customerId ? [{ customerId }] : [])],
      },
      data: { customerId: null, phone: null, email: null },
    });
    const deletedExports = customerId
      ? await tx.dataExport.deleteMany({ where: { shop, shopifyCustomerId: customerId } })
      : { count: 0 };
    return {
      shoppers: deletedShoppers.count,
      ordersScrubbed: scrubbedOrders.count,
      exports: deletedExports.count,
    };
  });
}
