// Shopify events the sandbox can fire: each changes the Shopify stand-in's state the way the
// real event would, then delivers the webhook to the app exactly as Shopify does.
import type { SandboxConfig } from "./config";
import type { ShopifyAdminServer } from "./shopify/server";
import { buildWebhookPayload } from "./shopify/webhook-payloads";
import { deliverWebhook, webhookPath } from "./shopify/webhook-sender";
import type { FiredEvent } from "./ui/pages";

export const EVENT_TOPICS = [
  { topic: "orders/create", label: "Order created" },
  { topic: "orders/paid", label: "Order paid" },
  { topic: "orders/fulfilled", label: "Order fulfilled" },
  { topic: "fulfillment_events/create", label: "Shipment delivered" },
  { topic: "refunds/create", label: "Order refunded" },
  { topic: "app/uninstalled", label: "App uninstalled" },
  { topic: "customers/data_request", label: "Customer data request" },
  { topic: "customers/redact", label: "Customer redact" },
  { topic: "shop/redact", label: "Shop redact" },
];

export function createEventFirer(config: SandboxConfig, shopify: ShopifyAdminServer) {
  let lastOrderId: number | null = null;
  const store = () => shopify.state.requireShop(config.shop);

  function newOrder() {
    const s = store();
    const customers = [...s.customers.values()].filter((c) => c.phone);
    const customer = customers[Math.floor(Math.random() * customers.length)]!;
    const variants = [...s.variants.values()].filter((v) => s.availableForSale(v));
    const picks = [variants[Math.floor(Math.random() * variants.length)]!, variants[Math.floor(Math.random() * variants.length)]!];
    const order = s.addOrder({
      customerId: customer.id,
      email: customer.email,
      phone: customer.phone,
      lineItems: [...new Set(picks)].map((v) => ({ variantId: v.id, quantity: 1 })),
      financialStatus: "PAID",
      decrementInventory: true,
    });
    lastOrderId = order.id;
    return order;
  }
  const currentOrder = () => (lastOrderId && store().orders.get(lastOrderId)) || newOrder();

  return async function fire(topic: string): Promise<FiredEvent> {
    const s = store();
    let ref: Record<string, unknown> = {};
    let summary = "";
    switch (topic) {
      case "orders/create": {
        const order = newOrder();
        ref = { orderId: order.id };
        summary = `${order.name}, $${order.total}`;
        break;
      }
      case "orders/paid":
      case "refunds/create": {
        const order = currentOrder();
        ref = { orderId: order.id };
        summary = `${order.name}`;
        break;
      }
      case "orders/fulfilled": {
        const order = currentOrder();
        const fulfillment = order.fulfillments[0] ?? s.fulfillOrder(order.id, { company: "USPS" });
        ref = { orderId: order.id, fulfillmentId: fulfillment.id };
        summary = `${order.name} shipped with ${fulfillment.trackingInfo[0]?.company ?? "a carrier"}`;
        break;
      }
      case "fulfillment_events/create": {
        const order = currentOrder();
        if (!order.fulfillments[0]) s.fulfillOrder(order.id, { company: "USPS" });
        const fulfillment = s.updateShipment(order.id, "DELIVERED");
        ref = { orderId: order.id, fulfillmentId: fulfillment.id, status: "delivered" };
        summary = `${order.name} delivered`;
        break;
      }
      case "customers/data_request":
      case "customers/redact": {
        const customer = [...s.customers.values()].find((c) => c.phone) ?? [...s.customers.values()][0]!;
        ref = { customerId: customer.id };
        summary = `${customer.firstName} ${customer.lastName}`;
        break;
      }
      default:
        summary = config.shop;
    }
    const payload = buildWebhookPayload(topic as never, s, ref as never);
    const result = await deliverWebhook({
      appUrl: config.urls.app,
      path: webhookPath(topic as never),
      topic,
      shop: config.shop,
      payload,
      apiSecret: config.apiSecret,
    });
    return { at: new Date(), topic, webhookId: result.webhookId, status: result.status, summary, processedAt: null };
  };
}
