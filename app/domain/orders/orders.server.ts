// A mirror of the orders Shopify tells us about, for attribution and analytics.
import type { Db } from "~/db.server";
import { toE164 } from "~/domain/privacy/customers.server";

export type OrderPayload = {
  id: number | string;
  name?: string;
  email?: string | null;
  phone?: string | null;
  customer?: { id?: number | string | null; phone?: string | null; email?: string | null } | null;
  total_price?: string;
  currency?: string;
  financial_status?: string | null;
  fulfillment_status?: string | null;
  discount_codes?: Array<{ code: string }>;
  processed_at?: string | null;
  created_at?: string | null;
};

const toCents = (price: string | undefined) => Math.round(Number.parseFloat(price ?? "0") * 100);

export async function upsertOrder(db: Db, shop: string, order: OrderPayload) {
  const data = {
    name: order.name ?? null,
    customerId: order.customer?.id != null ? String(order.customer.id) : null,
    phone: toE164(order.phone ?? order.customer?.phone),
    email: (order.email ?? order.customer?.email ?? null)?.toLowerCase() ?? null,
    totalCents: toCents(order.total_price),
    currency: order.currency ?? "USD",
    financialStatus: order.financial_status ?? null,
    fulfillmentStatus: order.fulfillment_status ?? null,
    discountCodes: JSON.stringify((order.discount_codes ?? []).map((d) => d.code)),
    processedAt: new Date(order.processed_at ?? order.created_at ?? Date.now()),
  };
  const shopifyOrderId = String(order.id);
  return db.shopOrder.upsert({
    where: { shop_shopifyOrderId: { shop, shopifyOrderId } },
    create: { shop, shopifyOrderId, ...data },
    update: data,
  });
}
