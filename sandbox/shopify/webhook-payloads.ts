// Webhook bodies built from the stand-in's state, in the shape Shopify sends them for API
// 2026-04: REST resources in snake_case, money as "12.00" strings with shop/presentment
// money sets, times in the shop's time zone ("2025-05-01T10:00:00-04:00"), and the same
// keys as Shopify's documented examples. Fields the state doesn't model get the value
// Shopify sends when the feature is unused (null, [], "0.00", false).
//
// A few topics are events, not snapshots, and record what happened:
//   refunds/create            creates a refund and applies it to the order (currentTotal, financialStatus)
//   orders/cancelled          cancels the order if it isn't yet (cancelledAt, closedAt)
//   fulfillment_events/create records a tracking event and moves the shipment's displayStatus
//   discounts/delete          removes the discount from the state if it is still there
// The state has no refunds, fulfillment events or cancel reasons, so those are kept here,
// per order/fulfillment, and show up in later order and fulfillment payloads.
import { createHash } from "node:crypto";
import { allocate } from "./pricing";
import {
  discountStatus,
  fromCents,
  gid,
  isoSeconds,
  toCents,
  type Address,
  type Customer,
  type Discount,
  type FinancialStatus,
  type Fulfillment,
  type FulfillmentDisplayStatus,
  type LineItem,
  type Money,
  type Order,
  type Product,
  type ShopStore,
  type Variant,
} from "./state";
import type { WebhookTopic } from "./webhook-sender";

export type JsonObject = Record<string, unknown>;

// ---- refs ----

export type OrderRef = number | { orderId: number };
export type CancelReason = "customer" | "declined" | "fraud" | "inventory" | "staff" | "other";
export interface CancelRef {
  orderId: number;
  reason?: CancelReason;
  /** Refund what was paid (or void an unpaid order), as Shopify's cancel dialog offers. */
  refund?: boolean;
  at?: string;
}
export interface NewRefund {
  orderId: number;
  /** Refunded lines; the amount defaults to their price less their share of discounts. */
  lineItems?: { lineItemId: number; quantity: number; restockType?: RestockType }[];
  /** Money back to the customer; without lineItems too, the whole remaining order is refunded. */
  amount?: Money | number;
  note?: string | null;
  restock?: boolean;
  at?: string;
}
/** An existing refund, rebuilt without refunding again. */
export interface ExistingRefundRef { orderId: number; refundId: number }
export type RefundRef = NewRefund | ExistingRefundRef;
export type RestockType = "no_restock" | "cancel" | "return" | "legacy_restock";
export type FulfillmentRef = number | { fulfillmentId: number };

export const FULFILLMENT_EVENT_STATUSES = [
  "label_printed", "label_purchased", "attempted_delivery", "ready_for_pickup", "picked_up", "confirmed",
  "in_transit", "out_for_delivery", "delivered", "failure", "delayed", "carrier_picked_up",
] as const;
export type FulfillmentEventStatus = (typeof FULFILLMENT_EVENT_STATUSES)[number];
export interface FulfillmentEventRef {
  fulfillmentId: number;
  status: FulfillmentEventStatus;
  message?: string | null;
  happenedAt?: string;
  estimatedDeliveryAt?: string | null;
}
export type ProductRef = number | { productId: number };
export type DiscountRef = number | { discountId: number };
export type DiscountDeleteRef = number | { discountId: number; method?: Discount["method"]; deletedAt?: string };
export interface ScopesUpdateRef { previous: string[]; current: string[]; at?: string }
export type CustomerRef = number | { customerId: number; dataRequestId?: number };

export interface WebhookRefs {
  "orders/create": OrderRef;
  "orders/updated": OrderRef;
  "orders/paid": OrderRef;
  "orders/fulfilled": OrderRef;
  "orders/cancelled": number | CancelRef;
  "fulfillments/create": FulfillmentRef;
  "fulfillments/update": FulfillmentRef;
  "fulfillment_events/create": FulfillmentEventRef;
  "refunds/create": RefundRef;
  "products/update": ProductRef;
  "discounts/create": DiscountRef;
  "discounts/update": DiscountRef;
  "discounts/delete": DiscountDeleteRef;
  "app/uninstalled": undefined;
  "app/scopes_update": ScopesUpdateRef;
  "customers/data_request": CustomerRef;
  "customers/redact": CustomerRef;
  "shop/redact": undefined;
}
export type WebhookRefArgs<T extends WebhookTopic> = undefined extends WebhookRefs[T] ? [ref?: WebhookRefs[T]] : [ref: WebhookRefs[T]];

// ---- what the state doesn't keep ----

export interface RefundRecord {
  id: number;
  orderId: number;
  createdAt: string;
  note: string | null;
  restock: boolean;
  lines: { id: number; lineItemId: number; quantity: number; restockType: RestockType; subtotalCents: number }[];
  amountCents: number;
  transactionId: number;
  adjustment: { id: number; amountCents: number } | null;
}
export interface FulfillmentEventRecord {
  id: number;
  fulfillmentId: number;
  orderId: number;
  status: FulfillmentEventStatus;
  message: string | null;
  happenedAt: string;
  createdAt: string;
  estimatedDeliveryAt: string | null;
}
interface DiscountApplication {
  discountId: number | null;
  method: Discount["method"] | "manual";
  title: string;
  code: string | null;
  value: string;
  valueType: "percentage" | "fixed_amount";
  allocationMethod: "across" | "each";
  targetSelection: "all" | "entitled";
  /** Cents per line item id. */
  allocations: Map<number, number>;
}

const refundRecords = new WeakMap<Order, RefundRecord[]>();
const eventRecords = new WeakMap<Fulfillment, FulfillmentEventRecord[]>();
const cancelReasons = new WeakMap<Order, CancelReason>();
const applicationCache = new WeakMap<Order, DiscountApplication[]>();

// Ids for resources the state has no counter for, in ranges of their own.
const ID_BASES = {
  Refund: 9_203_110_000_000, RefundLineItem: 6_440_880_000_000, OrderTransaction: 7_120_660_000_000,
  OrderAdjustment: 3_310_550_000_000, FulfillmentEvent: 2_870_990_000_000, AppScopesUpdate: 1_000, DataRequest: 9_000,
} as const;
const idCounters = new Map<keyof typeof ID_BASES, number>();
function nextId(kind: keyof typeof ID_BASES): number {
  const next = (idCounters.get(kind) ?? ID_BASES[kind]) + 1;
  idCounters.set(kind, next);
  return next;
}
/** A stable id derived from another resource's id. */
const derivedId = (base: number, from: number) => base + (from % 1_000_000_000);
const SHIPPING_LINE_BASE = 4_880_220_000_000;
const LOCATION_BASE = 71_230_000_000;
const primaryLocationId = (store: ShopStore) => derivedId(LOCATION_BASE, store.info.id);

// ---- formatting ----

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** An instant as Shopify's REST webhooks write it: the shop's local time with its UTC offset. */
export function shopTime(store: ShopStore, value: string | Date | number): string;
export function shopTime(store: ShopStore, value: string | Date | number | null): string | null;
export function shopTime(store: ShopStore, value: string | Date | number | null): string | null {
  if (value === null) return null;
  const date = new Date(value);
  const timeZone = store.info.ianaTimezone;
  let format = offsetFormatters.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-US", {
        timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "longOffset",
      });
    } catch {
      return isoSeconds(date).replace(/Z$/, "+00:00");
    }
    offsetFormatters.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
  const offset = p.timeZoneName === "GMT" ? "+00:00" : p.timeZoneName.replace("GMT", "");
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

const money = (cents: number): Money => fromCents(cents);
function moneySet(store: ShopStore, amount: Money | number) {
  const value = typeof amount === "number" ? money(amount) : fromCents(toCents(amount));
  const bag = { amount: value, currency_code: store.info.currencyCode };
  return { shop_money: bag, presentment_money: { ...bag } };
}
const hash = (...parts: (string | number)[]) => createHash("sha256").update(parts.join(":")).digest("hex");
const lower = (value: string) => value.toLowerCase();
const fullName = (first: string | null | undefined, last: string | null | undefined) => [first, last].filter(Boolean).join(" ") || null;
/** "1.5" → "1.5", 15 → "15.0": how Shopify writes discount values. */
const decimalValue = (value: number) => {
  const rounded = Math.round(value * 10_000) / 10_000;
  return Number.isInteger(rounded) ? rounded.toFixed(1) : String(rounded);
};

function restAddress(address: (Address & { id?: number }) | null) {
  if (!address) return null;
  return {
    first_name: address.firstName ?? null,
    address1: address.address1,
    phone: address.phone ?? null,
    city: address.city,
    zip: address.zip,
    province: address.province,
    country: address.country,
    last_name: address.lastName ?? null,
    address2: null,
    company: null,
    latitude: null,
    longitude: null,
    name: fullName(address.firstName, address.lastName),
    country_code: address.countryCode,
    province_code: address.provinceCode,
  };
}

// ---- lookups ----

const idOf = <K extends string>(ref: number | Record<K, number>, key: K): number => (typeof ref === "number" ? ref : ref[key]);

function requireOrder(store: ShopStore, orderId: number): Order {
  const order = store.orders.get(orderId);
  if (!order) throw new Error(`unknown order ${orderId} in ${store.domain}`);
  return order;
}
function requireFulfillment(store: ShopStore, fulfillmentId: number): { fulfillment: Fulfillment; order: Order } {
  const fulfillment = store.fulfillment(fulfillmentId);
  if (!fulfillment) throw new Error(`unknown fulfillment ${fulfillmentId} in ${store.domain}`);
  return { fulfillment, order: requireOrder(store, fulfillment.orderId) };
}
function requireCustomer(store: ShopStore, customerId: number): Customer {
  const customer = store.customers.get(customerId);
  if (!customer) throw new Error(`unknown customer ${customerId} in ${store.domain}`);
  return customer;
}

// ---- discounts on an order ----

/** The order's discount applications with each one's cents per line, summing to the lines' discounts. */
function discountApplications(store: ShopStore, order: Order): DiscountApplication[] {
  const cached = applicationCache.get(order);
  if (cached) return cached;
  const discounts = order.appliedDiscountIds.map((id) => store.discounts.get(id)).filter((d): d is Discount => !!d);
  const lineCents = order.lineItems.map((l) => toCents(l.discount));
  const totalCents = lineCents.reduce((a, b) => a + b, 0);
  if (totalCents === 0 && discounts.length === 0) return [];

  let applications: DiscountApplication[];
  if (discounts.length === 0) {
    // The discount is gone from the state: describe it by what the order kept.
    applications = [{
      discountId: null, method: order.discountCodes.length ? "code" : "manual", title: order.discountCodes[0] ?? "Discount",
      code: order.discountCodes[0] ?? null, value: decimalValue(totalCents / 100), valueType: "fixed_amount",
      allocationMethod: "across", targetSelection: "all", allocations: new Map(order.lineItems.map((l, i) => [l.id, lineCents[i]])),
    }];
  } else {
    // Split each line's discount between the applied discounts in proportion to what each
    // takes on its own (checkout's allocation, pricing.ts).
    const raw = discounts.map((d) => allocate(d, order.lineItems, store.discountProductIds(d)));
    const split = discounts.map(() => new Map<number, number>());
    order.lineItems.forEach((line, i) => {
      const weights = raw.map((r) => r[i]);
      const weightSum = weights.reduce((a, b) => a + b, 0);
      let left = lineCents[i];
      weights.forEach((w, k) => {
        const share = k === weights.length - 1 ? left : weightSum > 0 ? Math.round((lineCents[i] * w) / weightSum) : 0;
        split[k].set(line.id, share);
        left -= share;
      });
    });
    applications = discounts.map((d, k) => {
      const percentage = "percentage" in d.value;
      const orderCode = d.codes.find((c) => order.discountCodes.some((code) => code.toUpperCase() === c.code.toUpperCase()));
      return {
        discountId: d.id,
        method: d.method,
        title: d.title,
        code: orderCode?.code ?? d.codes[0]?.code ?? null,
        value: "percentage" in d.value ? decimalValue(d.value.percentage * 100) : decimalValue(Number(d.value.amount)),
        valueType: percentage ? "percentage" : "fixed_amount",
        allocationMethod: "appliesOnEachItem" in d.value && d.value.appliesOnEachItem ? "each" : "across",
        targetSelection: "all" in d.items ? "all" : "entitled",
        allocations: split[k],
      } satisfies DiscountApplication;
    });
  }
  applicationCache.set(order, applications);
  return applications;
}

function discountApplicationBody(app: DiscountApplication) {
  const common = { target_type: "line_item", value: app.value, value_type: app.valueType, allocation_method: app.allocationMethod, target_selection: app.targetSelection };
  if (app.method === "code") return { ...common, type: "discount_code", code: app.code };
  if (app.method === "automatic") return { ...common, type: "automatic", title: app.title, description: app.title };
  return { ...common, type: "manual", title: app.title, description: app.title };
}

// ---- refunds ----

function refundsOf(store: ShopStore, order: Order): RefundRecord[] {
  let records = refundRecords.get(order);
  if (!records) {
    records = [];
    refundRecords.set(order, records);
    // Seeded orders can be REFUNDED without a refund on record; give them the full refund Shopify would have.
    if (order.financialStatus === "REFUNDED" && toCents(order.total) > 0) {
      const lines = order.lineItems.map((l) => refundLine(order, l, l.quantity, "no_restock"));
      records.push(refundRecord(order, lines, toCents(order.total), { at: order.updatedAt, note: null, restock: false }));
    }
  }
  return records;
}

function refundLine(order: Order, line: LineItem, quantity: number, restockType: RestockType) {
  const discountShare = Math.round((toCents(line.discount) * quantity) / line.quantity);
  return { id: nextId("RefundLineItem"), lineItemId: line.id, quantity, restockType, subtotalCents: toCents(line.unitPrice) * quantity - discountShare };
}

function refundRecord(order: Order, lines: RefundRecord["lines"], amountCents: number, opts: { at: string; note: string | null; restock: boolean }): RefundRecord {
  const id = nextId("Refund");
  const lineCents = lines.reduce((sum, l) => sum + l.subtotalCents, 0);
  return {
    id,
    orderId: order.id,
    createdAt: opts.at,
    note: opts.note,
    restock: opts.restock,
    lines,
    amountCents,
    transactionId: nextId("OrderTransaction"),
    adjustment: lineCents === amountCents ? null : { id: nextId("OrderAdjustment"), amountCents: lineCents - amountCents },
  };
}

const refundedQuantity = (store: ShopStore, order: Order, lineItemId: number) =>
  refundsOf(store, order).flatMap((r) => r.lines).filter((l) => l.lineItemId === lineItemId).reduce((sum, l) => sum + l.quantity, 0);

/**
 * Refunds part or all of an order and applies it to the state: currentTotal goes down and
 * financialStatus becomes PARTIALLY_REFUNDED or REFUNDED.
 */
export function refundOrder(store: ShopStore, input: NewRefund): RefundRecord {
  const order = requireOrder(store, input.orderId);
  if (!["PAID", "PARTIALLY_REFUNDED"].includes(order.financialStatus)) {
    throw new Error(`order ${order.name} is ${order.financialStatus}; only paid orders can be refunded`);
  }
  const defaultRestock: RestockType = input.restock ? "return" : "no_restock";
  const requested = input.lineItems ?? (input.amount === undefined
    ? order.lineItems.map((l) => ({ lineItemId: l.id, quantity: l.quantity - refundedQuantity(store, order, l.id), restockType: undefined }))
    : []);
  const lines = requested
    .filter((r) => r.quantity > 0)
    .map((r) => {
      const line = order.lineItems.find((l) => l.id === r.lineItemId);
      if (!line) throw new Error(`line item ${r.lineItemId} is not on order ${order.name}`);
      const left = line.quantity - refundedQuantity(store, order, line.id);
      if (r.quantity > left) throw new Error(`line item ${line.id} has ${left} left to refund, not ${r.quantity}`);
      return refundLine(order, line, r.quantity, r.restockType ?? defaultRestock);
    });
  const available = toCents(order.currentTotal);
  const amountCents = input.amount !== undefined ? toCents(input.amount) : Math.min(available, lines.reduce((sum, l) => sum + l.subtotalCents, 0));
  if (amountCents < 0 || amountCents > available) throw new Error(`can't refund ${money(amountCents)} of ${order.name}; ${order.currentTotal} is refundable`);
  if (lines.length === 0 && amountCents === 0) throw new Error("a refund needs line items or an amount");

  const restock = input.restock ?? lines.some((l) => l.restockType !== "no_restock");
  const at = input.at ?? isoSeconds(store.now());
  const record = refundRecord(order, lines, amountCents, { at, note: input.note ?? null, restock });
  refundsOf(store, order).push(record);
  order.currentTotal = money(available - amountCents);
  order.financialStatus = available - amountCents === 0 ? "REFUNDED" : "PARTIALLY_REFUNDED";
  order.updatedAt = at;
  for (const l of lines) {
    if (l.restockType === "no_restock") continue;
    const variant = store.variants.get(order.lineItems.find((li) => li.id === l.lineItemId)?.variantId ?? -1);
    if (variant) variant.inventoryQuantity += l.quantity;
  }
  return record;
}

/** Cancels an order (if it isn't already), optionally refunding or voiding the payment. */
export function cancelOrder(store: ShopStore, input: CancelRef): Order {
  const order = requireOrder(store, input.orderId);
  if (order.cancelledAt) return order;
  const at = input.at ?? isoSeconds(store.now());
  if (input.refund) {
    if ((order.financialStatus === "PAID" || order.financialStatus === "PARTIALLY_REFUNDED") && toCents(order.currentTotal) > 0) {
      // Unshipped items go back to stock as "cancel", shipped ones as "return".
      const lineItems = order.lineItems
        .map((l) => ({ lineItemId: l.id, quantity: l.quantity - refundedQuantity(store, order, l.id), restockType: (store.fulfilledQuantity(order, l.id) > 0 ? "return" : "cancel") as RestockType }))
        .filter((l) => l.quantity > 0);
      refundOrder(store, { orderId: order.id, lineItems, amount: order.currentTotal, at });
    } else if (order.financialStatus === "PENDING" || order.financialStatus === "AUTHORIZED") {
      order.financialStatus = "VOIDED";
      order.currentTotal = "0.00";
    }
  }
  cancelReasons.set(order, input.reason ?? "customer");
  order.cancelledAt = at;
  order.closedAt ??= at;
  order.updatedAt = at;
  return order;
}

// ---- fulfillment events ----

const EVENT_DISPLAY: Partial<Record<FulfillmentEventStatus, FulfillmentDisplayStatus>> = {
  in_transit: "IN_TRANSIT",
  out_for_delivery: "OUT_FOR_DELIVERY",
  delivered: "DELIVERED",
  attempted_delivery: "ATTEMPTED_DELIVERY",
  failure: "FAILURE",
};
const DISPLAY_SHIPMENT: Record<FulfillmentDisplayStatus, string | null> = {
  FULFILLED: null,
  IN_TRANSIT: "in_transit",
  OUT_FOR_DELIVERY: "out_for_delivery",
  DELIVERED: "delivered",
  ATTEMPTED_DELIVERY: "attempted_delivery",
  FAILURE: "failure",
};
const EVENT_MESSAGES: Record<FulfillmentEventStatus, string> = {
  label_printed: "Shipping label printed",
  label_purchased: "Shipping label purchased",
  attempted_delivery: "Delivery attempted",
  ready_for_pickup: "Ready for pickup",
  picked_up: "Picked up",
  confirmed: "Shipment confirmed",
  in_transit: "Item is now in transit",
  out_for_delivery: "Out for delivery",
  delivered: "Delivered",
  failure: "Delivery failed",
  delayed: "Delayed",
  carrier_picked_up: "Picked up by carrier",
};

/** Records a tracking event on a shipment and moves its displayStatus (IN_TRANSIT, DELIVERED, …). */
export function addFulfillmentEvent(store: ShopStore, input: FulfillmentEventRef): FulfillmentEventRecord {
  if (!FULFILLMENT_EVENT_STATUSES.includes(input.status)) throw new Error(`unknown fulfillment event status ${input.status}`);
  const { fulfillment, order } = requireFulfillment(store, input.fulfillmentId);
  const now = isoSeconds(store.now());
  const display = EVENT_DISPLAY[input.status];
  // Already moved there (e.g. by /_sandbox/orders/:id/shipment): the event happened then.
  const already = display && fulfillment.displayStatus === display ? (display === "DELIVERED" ? fulfillment.deliveredAt : display === "IN_TRANSIT" ? fulfillment.inTransitAt : fulfillment.updatedAt) : null;
  const happenedAt = input.happenedAt ?? already ?? now;
  if (display && fulfillment.displayStatus !== display) {
    if (order.fulfillments.at(-1) === fulfillment) {
      store.updateShipment(order.id, display, happenedAt);
    } else {
      fulfillment.displayStatus = display;
      fulfillment.updatedAt = happenedAt;
      if (display === "IN_TRANSIT" || display === "DELIVERED") fulfillment.inTransitAt ??= happenedAt;
      if (display === "DELIVERED") fulfillment.deliveredAt = happenedAt;
      order.updatedAt = happenedAt;
    }
  }
  if (input.estimatedDeliveryAt !== undefined) fulfillment.estimatedDeliveryAt = input.estimatedDeliveryAt;
  const record: FulfillmentEventRecord = {
    id: nextId("FulfillmentEvent"),
    fulfillmentId: fulfillment.id,
    orderId: order.id,
    status: input.status,
    message: input.message === undefined ? EVENT_MESSAGES[input.status] : input.message,
    happenedAt,
    createdAt: now,
    estimatedDeliveryAt: fulfillment.estimatedDeliveryAt,
  };
  const records = eventRecords.get(fulfillment) ?? [];
  records.push(record);
  eventRecords.set(fulfillment, records);
  return record;
}

// ---- orders ----

const FINANCIAL: Record<FinancialStatus, string> = {
  PENDING: "pending", AUTHORIZED: "authorized", PAID: "paid", PARTIALLY_REFUNDED: "partially_refunded", REFUNDED: "refunded", VOIDED: "voided",
};
const FULFILLMENT: Record<ReturnType<ShopStore["fulfillmentStatus"]>, string | null> = { UNFULFILLED: null, PARTIALLY_FULFILLED: "partial", FULFILLED: "fulfilled" };

function lineFulfillmentStatus(store: ShopStore, order: Order, line: LineItem): string | null {
  const fulfilled = store.fulfilledQuantity(order, line.id);
  return fulfilled === 0 ? null : fulfilled >= line.quantity ? "fulfilled" : "partial";
}

const lineName = (line: LineItem) => (line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title);

/** What each line item says in any payload, before the per-context keys. */
function lineFacts(store: ShopStore, order: Order, line: LineItem) {
  const variant = line.variantId !== null ? store.variants.get(line.variantId) : undefined;
  const allocations = discountApplications(store, order)
    .map((app, index) => ({ index, cents: app.allocations.get(line.id) ?? 0 }))
    .filter((a) => a.cents > 0)
    .map((a) => ({ amount: money(a.cents), amount_set: moneySet(store, a.cents), discount_application_index: a.index }));
  const refunded = refundedQuantity(store, order, line.id);
  return {
    variant,
    productExists: line.productId !== null && store.products.has(line.productId),
    allocations,
    currentQuantity: line.quantity - refunded,
    fulfillableQuantity: Math.max(0, line.quantity - store.fulfilledQuantity(order, line.id) - refunded),
    fulfillmentStatus: lineFulfillmentStatus(store, order, line),
  };
}

/** A line item as it appears in an order's `line_items` (and its fulfillments' `line_items`). */
function orderLineItem(store: ShopStore, order: Order, line: LineItem, quantity = line.quantity) {
  const f = lineFacts(store, order, line);
  return {
    id: line.id,
    admin_graphql_api_id: gid("LineItem", line.id),
    attributed_staffs: [],
    current_quantity: f.currentQuantity,
    fulfillable_quantity: f.fulfillableQuantity,
    fulfillment_service: "manual",
    fulfillment_status: f.fulfillmentStatus,
    gift_card: false,
    grams: 0,
    name: lineName(line),
    price: line.unitPrice,
    price_set: moneySet(store, line.unitPrice),
    product_exists: f.productExists,
    product_id: line.productId,
    properties: [],
    quantity,
    requires_shipping: true,
    sales_line_item_group_id: null,
    sku: line.sku,
    taxable: f.variant?.taxable ?? true,
    title: line.title,
    // Shopify leaves this at 0.00 for checkout discounts; the amounts are in discount_allocations.
    total_discount: "0.00",
    total_discount_set: moneySet(store, "0.00"),
    variant_id: line.variantId,
    variant_inventory_management: f.variant ? "shopify" : null,
    variant_title: line.variantTitle,
    vendor: line.vendor,
    tax_lines: [],
    duties: [],
    discount_allocations: f.allocations,
  };
}

/** A line item as fulfillments/* and refunds/create bodies carry it. */
function shortLineItem(store: ShopStore, order: Order, line: LineItem, quantity = line.quantity) {
  const f = lineFacts(store, order, line);
  return {
    id: line.id,
    variant_id: line.variantId,
    title: line.title,
    quantity,
    sku: line.sku,
    variant_title: line.variantTitle,
    vendor: line.vendor,
    fulfillment_service: "manual",
    product_id: line.productId,
    requires_shipping: true,
    taxable: f.variant?.taxable ?? true,
    gift_card: false,
    name: lineName(line),
    variant_inventory_management: f.variant ? "shopify" : null,
    properties: [],
    product_exists: f.productExists,
    fulfillable_quantity: f.fulfillableQuantity,
    grams: 0,
    price: line.unitPrice,
    total_discount: "0.00",
    fulfillment_status: f.fulfillmentStatus,
    price_set: moneySet(store, line.unitPrice),
    total_discount_set: moneySet(store, "0.00"),
    discount_allocations: f.allocations,
    duties: [],
    admin_graphql_api_id: gid("LineItem", line.id),
    tax_lines: [],
  };
}

function customerBody(store: ShopStore, customer: Customer) {
  const address = customer.defaultAddress;
  return {
    id: customer.id,
    created_at: shopTime(store, customer.createdAt),
    updated_at: shopTime(store, customer.updatedAt),
    first_name: customer.firstName,
    last_name: customer.lastName,
    state: lower(customer.state),
    note: customer.note,
    verified_email: customer.verifiedEmail,
    multipass_identifier: null,
    tax_exempt: false,
    email: customer.email,
    phone: customer.phone,
    currency: store.info.currencyCode,
    tax_exemptions: [],
    admin_graphql_api_id: gid("Customer", customer.id),
    default_address: address
      ? {
          id: address.id,
          customer_id: customer.id,
          first_name: address.firstName ?? null,
          last_name: address.lastName ?? null,
          company: null,
          address1: address.address1,
          address2: null,
          city: address.city,
          province: address.province,
          country: address.country,
          zip: address.zip,
          phone: address.phone ?? null,
          name: fullName(address.firstName, address.lastName),
          province_code: address.provinceCode,
          country_code: address.countryCode,
          country_name: address.country,
          default: true,
        }
      : null,
  };
}

function fulfillmentCommon(store: ShopStore, order: Order, fulfillment: Fulfillment) {
  const numbers = fulfillment.trackingInfo.map((t) => t.number).filter((n): n is string => !!n);
  const urls = fulfillment.trackingInfo.map((t) => t.url).filter((u): u is string => !!u);
  const lastEvent = eventRecords.get(fulfillment)?.at(-1);
  const shipmentStatus = DISPLAY_SHIPMENT[fulfillment.displayStatus] ?? (lastEvent && !EVENT_DISPLAY[lastEvent.status] ? lastEvent.status : null);
  const index = order.fulfillments.indexOf(fulfillment);
  return {
    name: `${order.name}.${index + 1}`,
    status: fulfillment.status === "SUCCESS" ? "success" : "cancelled",
    shipmentStatus,
    trackingCompany: fulfillment.trackingInfo[0]?.company ?? null,
    numbers,
    urls,
  };
}

/** A fulfillment inside an order payload. */
function orderFulfillment(store: ShopStore, order: Order, fulfillment: Fulfillment) {
  const c = fulfillmentCommon(store, order, fulfillment);
  return {
    id: fulfillment.id,
    admin_graphql_api_id: gid("Fulfillment", fulfillment.id),
    created_at: shopTime(store, fulfillment.createdAt),
    location_id: primaryLocationId(store),
    name: c.name,
    order_id: order.id,
    origin_address: {},
    receipt: {},
    service: "manual",
    shipment_status: c.shipmentStatus,
    status: c.status,
    tracking_company: c.trackingCompany,
    tracking_number: c.numbers[0] ?? null,
    tracking_numbers: c.numbers,
    tracking_url: c.urls[0] ?? null,
    tracking_urls: c.urls,
    updated_at: shopTime(store, fulfillment.updatedAt),
    line_items: fulfillment.lineItems.flatMap((fl) => {
      const line = order.lineItems.find((l) => l.id === fl.lineItemId);
      return line ? [orderLineItem(store, order, line, fl.quantity)] : [];
    }),
  };
}

/** The fulfillments/create and fulfillments/update body. */
function fulfillmentBody(store: ShopStore, order: Order, fulfillment: Fulfillment) {
  const c = fulfillmentCommon(store, order, fulfillment);
  return {
    id: fulfillment.id,
    order_id: order.id,
    status: c.status,
    created_at: shopTime(store, fulfillment.createdAt),
    service: "manual",
    updated_at: shopTime(store, fulfillment.updatedAt),
    tracking_company: c.trackingCompany,
    shipment_status: c.shipmentStatus,
    location_id: primaryLocationId(store),
    origin_address: null,
    email: order.email,
    destination: restAddress(order.shippingAddress),
    line_items: fulfillment.lineItems.flatMap((fl) => {
      const line = order.lineItems.find((l) => l.id === fl.lineItemId);
      return line ? [shortLineItem(store, order, line, fl.quantity)] : [];
    }),
    tracking_number: c.numbers[0] ?? null,
    tracking_numbers: c.numbers,
    tracking_url: c.urls[0] ?? null,
    tracking_urls: c.urls,
    receipt: {},
    name: c.name,
    admin_graphql_api_id: gid("Fulfillment", fulfillment.id),
  };
}

const paymentGateway = (order: Order) => (order.test ? "bogus" : "shopify_payments");

function refundBody(store: ShopStore, order: Order, refund: RefundRecord) {
  const zero = moneySet(store, 0);
  const at = shopTime(store, refund.createdAt);
  return {
    id: refund.id,
    order_id: order.id,
    created_at: at,
    note: refund.note,
    user_id: null,
    processed_at: at,
    duties: [],
    total_duties_set: zero,
    return: null,
    restock: refund.restock,
    refund_shipping_lines: [],
    admin_graphql_api_id: gid("Refund", refund.id),
    order_adjustments: refund.adjustment
      ? [{
          id: refund.adjustment.id,
          order_id: order.id,
          refund_id: refund.id,
          amount: money(refund.adjustment.amountCents),
          tax_amount: "0.00",
          kind: "refund_discrepancy",
          reason: "Refund discrepancy",
          amount_set: moneySet(store, refund.adjustment.amountCents),
          tax_amount_set: zero,
        }]
      : [],
    refund_line_items: refund.lines.flatMap((rl) => {
      const line = order.lineItems.find((l) => l.id === rl.lineItemId);
      if (!line) return [];
      return [{
        id: rl.id,
        quantity: rl.quantity,
        line_item_id: rl.lineItemId,
        location_id: rl.restockType === "no_restock" ? null : primaryLocationId(store),
        restock_type: rl.restockType,
        subtotal: rl.subtotalCents / 100,
        total_tax: 0,
        subtotal_set: moneySet(store, rl.subtotalCents),
        total_tax_set: zero,
        line_item: shortLineItem(store, order, line),
      }];
    }),
    transactions: refund.amountCents === 0 ? [] : [{
      id: refund.transactionId,
      order_id: order.id,
      kind: "refund",
      gateway: paymentGateway(order),
      status: "success",
      message: `Refunded ${money(refund.amountCents)} ${order.currencyCode}`,
      created_at: at,
      test: order.test,
      authorization: null,
      location_id: null,
      user_id: null,
      parent_id: null,
      processed_at: at,
      device_id: null,
      error_code: null,
      source_name: "web",
      receipt: {},
      amount: money(refund.amountCents),
      currency: order.currencyCode,
      payment_id: `${order.confirmationNumber}.${refundsOf(store, order).indexOf(refund) + 2}`,
      total_unsettled_set: { presentment_money: { amount: "0.0", currency: "XXX" }, shop_money: { amount: "0.0", currency: "XXX" } },
      manual_payment_gateway: false,
      amount_rounding: null,
      admin_graphql_api_id: gid("OrderTransaction", refund.transactionId),
    }],
  };
}

/** The order resource, as orders/create, /updated, /paid, /fulfilled and /cancelled send it. */
export function orderPayload(store: ShopStore, order: Order): JsonObject {
  const customer = order.customerId !== null ? store.customers.get(order.customerId) : undefined;
  const applications = discountApplications(store, order);
  const refunds = refundsOf(store, order);
  const lineTotalCents = order.lineItems.reduce((sum, l) => sum + toCents(l.unitPrice) * l.quantity, 0);
  const discountCents = toCents(order.totalDiscounts);
  const totalCents = toCents(order.total);
  const currentTotalCents = toCents(order.currentTotal);
  const currentDiscountCents = order.lineItems.reduce((sum, l) => {
    const left = l.quantity - refundedQuantity(store, order, l.id);
    return sum + Math.round((toCents(l.discount) * left) / l.quantity);
  }, 0);
  const outstandingCents = order.financialStatus === "PENDING" || order.financialStatus === "AUTHORIZED" ? currentTotalCents : 0;
  const zero = moneySet(store, 0);
  const shippingAddress = restAddress(order.shippingAddress);
  const token = hash("order-token", store.domain, order.id).slice(0, 32);
  const codeAmounts = new Map<string, number>();
  for (const app of applications) {
    if (app.method !== "code" || !app.code) continue;
    codeAmounts.set(app.code, [...app.allocations.values()].reduce((a, b) => a + b, 0));
  }
  const cancelled = order.cancelledAt !== null;

  return {
    id: order.id,
    admin_graphql_api_id: gid("Order", order.id),
    app_id: order.sourceName === "web" ? 580111 : null,
    browser_ip: null,
    buyer_accepts_marketing: customer?.emailMarketingState === "SUBSCRIBED",
    cancel_reason: cancelled ? (cancelReasons.get(order) ?? "other") : null,
    cancelled_at: shopTime(store, order.cancelledAt),
    cart_token: null,
    checkout_token: null,
    client_details: null,
    closed_at: shopTime(store, order.closedAt),
    confirmation_number: order.confirmationNumber,
    confirmed: true,
    contact_email: order.email,
    created_at: shopTime(store, order.createdAt),
    currency: order.currencyCode,
    current_shipping_price_set: zero,
    current_subtotal_price: money(currentTotalCents),
    current_subtotal_price_set: moneySet(store, currentTotalCents),
    current_total_additional_fees_set: null,
    current_total_discounts: money(currentDiscountCents),
    current_total_discounts_set: moneySet(store, currentDiscountCents),
    current_total_duties_set: null,
    current_total_price: money(currentTotalCents),
    current_total_price_set: moneySet(store, currentTotalCents),
    current_total_tax: "0.00",
    current_total_tax_set: zero,
    customer_locale: customer?.locale ?? "en",
    device_id: null,
    discount_codes: order.discountCodes.map((code) => {
      const app = applications.find((a) => a.method === "code" && a.code?.toUpperCase() === code.toUpperCase());
      return { code, amount: money(codeAmounts.get(app?.code ?? code) ?? 0), type: app?.valueType ?? "fixed_amount" };
    }),
    duties_included: false,
    email: order.email,
    estimated_taxes: false,
    financial_status: FINANCIAL[order.financialStatus],
    fulfillment_status: FULFILLMENT[store.fulfillmentStatus(order)],
    landing_site: null,
    landing_site_ref: null,
    location_id: null,
    merchant_business_entity_id: Buffer.from(`1${store.info.id}`).toString("base64url"),
    merchant_of_record_app_id: null,
    name: order.name,
    note: order.note,
    note_attributes: order.customAttributes.map((a) => ({ name: a.key, value: a.value })),
    // Shopify's `number` counts from 1; `order_number` (and the name) from 1001.
    number: order.number - 1000,
    order_number: order.number,
    order_status_url: `https://${store.domain}/${store.info.id}/orders/${order.confirmationNumber.toLowerCase()}/authenticate?key=${hash("order-key", store.domain, order.id).slice(0, 32)}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: order.financialStatus === "PENDING" ? [] : [paymentGateway(order)],
    phone: order.phone,
    po_number: null,
    presentment_currency: order.currencyCode,
    processed_at: shopTime(store, order.processedAt),
    reference: null,
    referring_site: null,
    source_identifier: null,
    source_name: order.sourceName,
    source_url: null,
    subtotal_price: money(totalCents),
    subtotal_price_set: moneySet(store, totalCents),
    tags: order.tags.join(", "),
    tax_exempt: false,
    tax_lines: [],
    taxes_included: false,
    test: order.test,
    token,
    total_cash_rounding_payment_adjustment_set: zero,
    total_cash_rounding_refund_adjustment_set: zero,
    total_discounts: money(discountCents),
    total_discounts_set: moneySet(store, discountCents),
    total_line_items_price: money(lineTotalCents),
    total_line_items_price_set: moneySet(store, lineTotalCents),
    total_outstanding: money(outstandingCents),
    total_price: money(totalCents),
    total_price_set: moneySet(store, totalCents),
    total_shipping_price_set: zero,
    total_tax: "0.00",
    total_tax_set: zero,
    total_tip_received: "0.00",
    total_weight: 0,
    updated_at: shopTime(store, order.updatedAt),
    user_id: null,
    billing_address: shippingAddress,
    customer: customer ? customerBody(store, customer) : null,
    discount_applications: applications.map(discountApplicationBody),
    fulfillments: order.fulfillments.map((f) => orderFulfillment(store, order, f)),
    line_items: order.lineItems.map((l) => orderLineItem(store, order, l)),
    payment_terms: null,
    refunds: refunds.map((r) => refundBody(store, order, r)),
    shipping_address: shippingAddress ? { ...shippingAddress } : null,
    shipping_lines: shippingAddress
      ? [{
          id: derivedId(SHIPPING_LINE_BASE, order.id),
          carrier_identifier: null,
          code: "Standard",
          current_discounted_price_set: zero,
          discounted_price: "0.00",
          discounted_price_set: zero,
          is_removed: false,
          phone: null,
          price: "0.00",
          price_set: zero,
          requested_fulfillment_service_id: null,
          source: "shopify",
          title: "Standard",
          tax_lines: [],
          discount_allocations: [],
        }]
      : [],
    returns: [],
    line_item_groups: [],
  };
}

// ---- products ----

export function productPayload(store: ShopStore, product: Product): JsonObject {
  const variants = store.variantsOf(product);
  const images = product.images.map((image, i) => ({
    id: image.id,
    alt: image.altText,
    position: i + 1,
    product_id: product.id,
    created_at: shopTime(store, product.createdAt),
    updated_at: shopTime(store, product.updatedAt),
    admin_graphql_api_id: gid("ProductImage", image.id),
    width: image.width,
    height: image.height,
    src: image.url,
    variant_ids: [],
  }));
  const variantBody = (v: Variant) => ({
    admin_graphql_api_id: gid("ProductVariant", v.id),
    barcode: v.barcode,
    compare_at_price: v.compareAtPrice,
    created_at: shopTime(store, v.createdAt),
    id: v.id,
    inventory_policy: lower(v.inventoryPolicy),
    position: v.position,
    price: v.price,
    product_id: product.id,
    sku: v.sku,
    taxable: v.taxable,
    title: v.title,
    updated_at: shopTime(store, v.updatedAt),
    option1: v.title,
    option2: null,
    option3: null,
    image_id: null,
    inventory_item_id: v.inventoryItemId,
    inventory_quantity: v.inventoryQuantity,
    old_inventory_quantity: v.inventoryQuantity,
  });
  return {
    admin_graphql_api_id: gid("Product", product.id),
    body_html: product.descriptionHtml,
    created_at: shopTime(store, product.createdAt),
    handle: product.handle,
    id: product.id,
    product_type: product.productType,
    published_at: shopTime(store, product.publishedAt),
    template_suffix: null,
    title: product.title,
    updated_at: shopTime(store, product.updatedAt),
    vendor: product.vendor,
    status: lower(product.status),
    published_scope: "global",
    tags: product.tags.join(", "),
    variants: variants.map(variantBody),
    // Same option id as the GraphQL view gives.
    options: [{ id: product.id + 2_000_000_000_000_000, product_id: product.id, name: product.optionName, position: 1, values: variants.map((v) => v.title) }],
    images,
    image: images[0] ?? null,
    media: product.images.map((image, i) => ({
      id: image.mediaId,
      product_id: product.id,
      position: i + 1,
      created_at: shopTime(store, product.createdAt),
      updated_at: shopTime(store, product.updatedAt),
      alt: image.altText,
      status: "READY",
      media_content_type: "IMAGE",
      preview_image: { width: image.width, height: image.height, src: image.url, status: "READY" },
      variant_ids: [],
      admin_graphql_api_id: gid("MediaImage", image.mediaId),
    })),
    variant_gids: [...variants]
      .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
      .map((v) => ({ admin_graphql_api_id: gid("ProductVariant", v.id), updated_at: new Date(v.updatedAt).toISOString() })),
    has_variants_that_requires_components: false,
    category: null,
  };
}

// ---- shop ----

const RAILS_ZONES: Record<string, string> = {
  "America/New_York": "Eastern Time (US & Canada)",
  "America/Chicago": "Central Time (US & Canada)",
  "America/Denver": "Mountain Time (US & Canada)",
  "America/Phoenix": "Arizona",
  "America/Los_Angeles": "Pacific Time (US & Canada)",
  "America/Anchorage": "Alaska",
  "Pacific/Honolulu": "Hawaii",
  "America/Toronto": "Eastern Time (US & Canada)",
  "America/Vancouver": "Pacific Time (US & Canada)",
  "Europe/London": "London",
  "Europe/Paris": "Paris",
  "Europe/Berlin": "Berlin",
  "Australia/Sydney": "Sydney",
  "Asia/Tokyo": "Tokyo",
  "UTC": "UTC",
};
const CURRENCY_SYMBOLS: Record<string, string> = { USD: "$", CAD: "$", AUD: "$", NZD: "$", GBP: "£", EUR: "€", JPY: "¥" };

/** The shop resource (app/uninstalled's body). */
export function shopPayload(store: ShopStore): JsonObject {
  const info = store.info;
  const address = info.billingAddress;
  const symbol = CURRENCY_SYMBOLS[info.currencyCode] ?? "";
  // Rails' "(GMT-05:00) Eastern Time (US & Canada)": the zone's standard offset, all year.
  const year = store.now().getUTCFullYear();
  const offsets = [Date.UTC(year, 0, 1), Date.UTC(year, 6, 1)].map((t) => shopTime(store, t).slice(19));
  const minutes = (o: string) => (o[0] === "-" ? -1 : 1) * (Number(o.slice(1, 3)) * 60 + Number(o.slice(4, 6)));
  const offset = offsets.sort((a, b) => minutes(a) - minutes(b))[0];
  const zoneName = RAILS_ZONES[info.ianaTimezone] ?? info.ianaTimezone.split("/").at(-1)!.replace(/_/g, " ");
  const planName = info.plan.partnerDevelopment ? "partner_test" : info.plan.shopifyPlus ? "shopify_plus" : "basic";
  return {
    id: info.id,
    name: info.name,
    email: info.email,
    domain: new URL(info.primaryDomainUrl).host,
    province: address.province,
    country: address.countryCode,
    address1: address.address1,
    zip: address.zip,
    city: address.city,
    source: null,
    phone: address.phone ?? null,
    latitude: null,
    longitude: null,
    primary_locale: "en",
    address2: null,
    created_at: shopTime(store, info.createdAt),
    updated_at: shopTime(store, info.updatedAt),
    country_code: address.countryCode,
    country_name: address.country,
    currency: info.currencyCode,
    customer_email: info.email,
    timezone: `(GMT${offset}) ${zoneName}`,
    iana_timezone: info.ianaTimezone,
    shop_owner: info.shopOwnerName,
    money_format: `${symbol}{{amount}}`,
    money_with_currency_format: `${symbol}{{amount}} ${info.currencyCode}`,
    weight_unit: address.countryCode === "US" ? "lb" : "kg",
    province_code: address.provinceCode,
    taxes_included: false,
    auto_configure_tax_inclusivity: null,
    tax_shipping: null,
    county_taxes: true,
    plan_display_name: info.plan.displayName,
    plan_name: planName,
    has_discounts: store.discounts.size > 0,
    has_gift_cards: false,
    myshopify_domain: info.myshopifyDomain,
    google_apps_domain: null,
    google_apps_login_enabled: null,
    money_in_emails_format: `${symbol}{{amount}}`,
    money_with_currency_in_emails_format: `${symbol}{{amount}} ${info.currencyCode}`,
    eligible_for_payments: true,
    requires_extra_payments_agreement: false,
    password_enabled: info.plan.partnerDevelopment,
    has_storefront: true,
    finances: true,
    primary_location_id: primaryLocationId(store),
    checkout_api_supported: true,
    multi_location_enabled: true,
    setup_required: false,
    pre_launch_enabled: false,
    enabled_presentment_currencies: [info.currencyCode],
    marketing_sms_consent_enabled_at_checkout: info.marketingSmsConsentEnabledAtCheckout,
    transactional_sms_disabled: false,
  };
}

// ---- discounts ----

const discountGid = (id: number, method: Discount["method"]) => gid(method === "code" ? "DiscountCodeNode" : "DiscountAutomaticNode", id);

function discountBody(store: ShopStore, discount: Discount): JsonObject {
  return {
    admin_graphql_api_id: discountGid(discount.id, discount.method),
    title: discount.title,
    status: discountStatus(discount, store.now()),
    created_at: shopTime(store, discount.createdAt),
    updated_at: shopTime(store, discount.updatedAt),
  };
}

// ---- the entry point ----

/**
 * The JSON body Shopify sends for `topic`, from the shop's state. See WebhookRefs for what
 * each topic takes; refunds/create, orders/cancelled, fulfillment_events/create and
 * discounts/delete also record the event in the state (see the top of this file).
 */
export function buildWebhookPayload<T extends WebhookTopic>(topic: T, store: ShopStore, ...args: WebhookRefArgs<T>): JsonObject;
export function buildWebhookPayload(topic: WebhookTopic, store: ShopStore, ref?: unknown): JsonObject {
  const need = <R>() => {
    if (ref === undefined || ref === null) throw new Error(`${topic} needs a ref`);
    return ref as R;
  };
  switch (topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/paid":
    case "orders/fulfilled":
      return orderPayload(store, requireOrder(store, idOf(need<OrderRef>(), "orderId")));
    case "orders/cancelled": {
      const r = need<number | CancelRef>();
      return orderPayload(store, cancelOrder(store, typeof r === "number" ? { orderId: r } : r));
    }
    case "fulfillments/create":
    case "fulfillments/update": {
      const { fulfillment, order } = requireFulfillment(store, idOf(need<FulfillmentRef>(), "fulfillmentId"));
      return fulfillmentBody(store, order, fulfillment);
    }
    case "fulfillment_events/create": {
      const event = addFulfillmentEvent(store, need<FulfillmentEventRef>());
      const { order } = requireFulfillment(store, event.fulfillmentId);
      const destination = order.shippingAddress;
      const atDestination = ["delivered", "out_for_delivery", "attempted_delivery", "ready_for_pickup", "picked_up"].includes(event.status);
      return {
        id: event.id,
        fulfillment_id: event.fulfillmentId,
        status: event.status,
        message: event.message,
        happened_at: shopTime(store, event.happenedAt),
        city: atDestination ? (destination?.city ?? null) : null,
        province: atDestination ? (destination?.province ?? null) : null,
        country: destination?.countryCode ?? null,
        zip: atDestination ? (destination?.zip ?? null) : null,
        address1: null,
        latitude: null,
        longitude: null,
        shop_id: store.info.id,
        created_at: shopTime(store, event.createdAt),
        updated_at: shopTime(store, event.createdAt),
        estimated_delivery_at: shopTime(store, event.estimatedDeliveryAt),
        order_id: event.orderId,
        admin_graphql_api_id: gid("FulfillmentEvent", event.id),
      };
    }
    case "refunds/create": {
      const r = need<RefundRef>();
      const order = requireOrder(store, r.orderId);
      if ("refundId" in r) {
        const existing = refundsOf(store, order).find((x) => x.id === r.refundId);
        if (!existing) throw new Error(`order ${order.name} has no refund ${r.refundId}`);
        return refundBody(store, order, existing);
      }
      return refundBody(store, order, refundOrder(store, r));
    }
    case "products/update": {
      const id = idOf(need<ProductRef>(), "productId");
      const product = store.products.get(id);
      if (!product) throw new Error(`unknown product ${id} in ${store.domain}`);
      return productPayload(store, product);
    }
    case "discounts/create":
    case "discounts/update": {
      const id = idOf(need<DiscountRef>(), "discountId");
      const discount = store.discounts.get(id);
      if (!discount) throw new Error(`unknown discount ${id} in ${store.domain}`);
      return discountBody(store, discount);
    }
    case "discounts/delete": {
      const r = need<DiscountDeleteRef>();
      const id = idOf(r, "discountId");
      const discount = store.discounts.get(id);
      const method = discount?.method ?? (typeof r === "object" ? r.method : undefined);
      if (!method) throw new Error(`unknown discount ${id} in ${store.domain}; pass its method to describe a deleted one`);
      if (discount) store.discounts.delete(id);
      const deletedAt = (typeof r === "object" ? r.deletedAt : undefined) ?? isoSeconds(store.now());
      return { admin_graphql_api_id: discountGid(id, method), deleted_at: shopTime(store, deletedAt) };
    }
    case "app/uninstalled":
      return shopPayload(store);
    case "app/scopes_update": {
      const r = need<ScopesUpdateRef>();
      return {
        id: nextId("AppScopesUpdate"),
        shop_id: gid("Shop", store.info.id),
        previous: [...r.previous],
        current: [...r.current],
        updated_at: new Date(r.at ?? store.now()).toISOString(),
      };
    }
    case "customers/data_request":
    case "customers/redact": {
      const r = need<CustomerRef>();
      const customer = requireCustomer(store, idOf(r, "customerId"));
      const base = {
        shop_id: store.info.id,
        shop_domain: store.domain,
        customer: { id: customer.id, email: customer.email, phone: customer.phone },
      };
      const orderIds = store.ordersOf(customer.id).map((o) => o.id);
      if (topic === "customers/redact") return { ...base, orders_to_redact: orderIds };
      const requestId = (typeof r === "object" ? r.dataRequestId : undefined) ?? nextId("DataRequest");
      return { ...base, orders_requested: orderIds, data_request: { id: requestId } };
    }
    case "shop/redact":
      return { shop_id: store.info.id, shop_domain: store.domain };
  }
  throw new Error(`no payload builder for topic ${String(topic)}`);
}

/** The refunds Shopify would list on the order (recorded here, plus implicit ones for seeded REFUNDED orders). */
export const orderRefunds = (store: ShopStore, orderId: number) => refundsOf(store, requireOrder(store, orderId)).map((r) => ({ ...r }));
/** The tracking events recorded for a fulfillment. */
export const fulfillmentEvents = (store: ShopStore, fulfillmentId: number) => [...(eventRecords.get(requireFulfillment(store, fulfillmentId).fulfillment) ?? [])];
