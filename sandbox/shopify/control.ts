// The sandbox's own JSON API under /_sandbox/: look at the state and make things happen
// (an order is placed, shipped, delivered) so the sandbox can then send the webhooks.
import type { OAuthApp } from "./auth";
import { gid, parseGid, type AdminState, type FulfillmentDisplayStatus, type ShopStore } from "./state";

export interface ControlResult {
  status: number;
  body: unknown;
}

interface NewOrderBody {
  customerId?: string | number;
  phone?: string;
  email?: string;
  lineItems?: { variantId?: string | number; sku?: string; handle?: string; quantity?: number }[];
  discountCodes?: string[];
  customAttributes?: { key: string; value: string | null }[];
  note?: string;
}

const numericId = (value: string | number | undefined) => (typeof value === "number" ? value : value ? (parseGid(value)?.id ?? Number(value)) : NaN);
const SHIPMENT_STATES: FulfillmentDisplayStatus[] = ["IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED", "ATTEMPTED_DELIVERY", "FAILURE"];

/**
 * Routes:
 *   GET  /_sandbox/state                       summary of every shop
 *   POST /_sandbox/orders                      {customerId|phone|email, lineItems:[{variantId|sku|handle, quantity}], discountCodes?, customAttributes?}
 *   POST /_sandbox/orders/:id/fulfill          {company?, number?, url?}
 *   POST /_sandbox/orders/:id/shipment         {status: IN_TRANSIT|OUT_FOR_DELIVERY|DELIVERED|…}
 *   POST /_sandbox/tokens                      {online?} → an access token for the shop
 * The shop comes from body.shop, the request's shop, or the only shop there is.
 */
export function handleControl(method: string, path: string, body: Record<string, unknown>, requestShop: string | null, state: AdminState, oauth: OAuthApp): ControlResult {
  if (method === "GET" && path === "/_sandbox/state") return { status: 200, body: { shops: [...state.shops.values()].map((s) => s.summary()) } };

  const shops = [...state.shops.keys()];
  const domain = (typeof body.shop === "string" && body.shop) || requestShop || (shops.length === 1 ? shops[0] : null);
  const store = domain ? state.shop(domain) : undefined;
  if (!store) return { status: 404, body: { error: `unknown shop ${domain ?? "(none given)"}` } };

  try {
    if (method === "POST" && path === "/_sandbox/orders") return createOrder(store, body as NewOrderBody);
    if (method === "POST" && path === "/_sandbox/tokens") {
      const issued = oauth.issue(store.domain, { online: body.online === true });
      return { status: 201, body: { access_token: issued.token, scope: issued.scopes.join(","), shop: store.domain } };
    }
    const orderAction = /^\/_sandbox\/orders\/([^/]+)\/(fulfill|shipment)$/.exec(path);
    if (method === "POST" && orderAction) {
      const orderId = numericId(decodeURIComponent(orderAction[1]));
      const order = store.orders.get(orderId);
      if (!order) return { status: 404, body: { error: `unknown order ${orderAction[1]}` } };
      if (orderAction[2] === "fulfill") {
        const fulfillment = store.fulfillOrder(order.id, { company: body.company as string | undefined, number: body.number as string | undefined, url: body.url as string | undefined });
        return { status: 201, body: { fulfillment: { ...fulfillment, adminGraphqlApiId: gid("Fulfillment", fulfillment.id) } } };
      }
      const status = String(body.status ?? "DELIVERED").toUpperCase() as FulfillmentDisplayStatus;
      if (!SHIPMENT_STATES.includes(status)) return { status: 400, body: { error: `status must be one of ${SHIPMENT_STATES.join(", ")}` } };
      const fulfillment = store.updateShipment(order.id, status);
      return { status: 200, body: { fulfillment: { ...fulfillment, adminGraphqlApiId: gid("Fulfillment", fulfillment.id) } } };
    }
  } catch (error) {
    return { status: 422, body: { error: (error as Error).message } };
  }
  return { status: 404, body: { error: `no sandbox route ${method} ${path}` } };
}

function createOrder(store: ShopStore, body: NewOrderBody): ControlResult {
  const customer =
    body.customerId !== undefined ? store.customers.get(numericId(body.customerId))
    : body.phone ? store.customerByPhone(body.phone)
    : body.email ? store.customerByEmail(body.email)
    : undefined;
  if ((body.customerId !== undefined || body.phone || body.email) && !customer && !body.email) {
    return { status: 404, body: { error: "no customer matches customerId/phone" } };
  }
  const lineItems = (body.lineItems ?? []).map((item) => {
    const variant =
      item.variantId !== undefined ? store.variants.get(numericId(item.variantId))
      : item.sku ? store.variantBySku(item.sku)
      : item.handle ? firstVariantOf(store, item.handle)
      : undefined;
    if (!variant) throw new Error(`no variant for line item ${JSON.stringify(item)}`);
    return { variantId: variant.id, quantity: item.quantity ?? 1 };
  });
  const order = store.addOrder({
    customerId: customer?.id ?? null,
    email: customer ? undefined : body.email,
    lineItems,
    discountCodes: body.discountCodes,
    customAttributes: body.customAttributes,
    note: body.note ?? null,
    decrementInventory: true,
  });
  return { status: 201, body: { order: { ...order, adminGraphqlApiId: gid("Order", order.id) } } };
}

function firstVariantOf(store: ShopStore, handle: string) {
  const product = store.productByHandle(handle);
  return product ? store.variantsOf(product)[0] : undefined;
}
