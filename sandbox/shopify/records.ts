// The shape of the stand-in's data: plain, webhook-friendly records (money as decimal
// strings, times as ISO strings), plus global-id and money helpers.

export type Money = string; // decimal, e.g. "24.00"

export const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

/** `gid://shopify/Product/123` → {type, id}; null when it isn't a Shopify global id. */
export function parseGid(value: string): { type: string; id: number } | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/.exec(value);
  return match ? { type: match[1], id: Number(match[2]) } : null;
}

export const toCents = (amount: Money | number) => Math.round(Number(amount) * 100);
export const fromCents = (cents: number): Money => (cents / 100).toFixed(2);
/** Shopify's DateTime format: second precision, `Z`. */
export const isoSeconds = (date: Date | number) => new Date(date).toISOString().replace(/\.\d{3}Z$/, "Z");

export interface Address {
  firstName?: string | null;
  lastName?: string | null;
  address1: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  zip: string | null;
  country: string | null;
  countryCode: string | null;
  phone?: string | null;
}

export interface ShopInfo {
  id: number;
  name: string;
  email: string;
  myshopifyDomain: string;
  description: string | null;
  ianaTimezone: string;
  timezoneAbbreviation: string;
  currencyCode: string;
  plan: { displayName: string; partnerDevelopment: boolean; shopifyPlus: boolean };
  primaryDomainUrl: string;
  shopOwnerName: string;
  billingAddress: Address;
  marketingSmsConsentEnabledAtCheckout: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ProductImage { id: number; mediaId: number; url: string; altText: string | null; width: number; height: number }

export interface Product {
  id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: "ACTIVE" | "ARCHIVED" | "DRAFT";
  optionName: string; // "Title" for single-variant products, like Shopify
  images: ProductImage[];
  variantIds: number[];
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export interface Variant {
  id: number;
  productId: number;
  inventoryItemId: number;
  title: string;
  sku: string | null;
  barcode: string | null;
  price: Money;
  compareAtPrice: Money | null;
  position: number;
  inventoryQuantity: number;
  inventoryPolicy: "DENY" | "CONTINUE";
  taxable: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Collection {
  id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  productIds: number[];
  updatedAt: string;
}

export type SmsMarketingState = "NOT_SUBSCRIBED" | "PENDING" | "SUBSCRIBED" | "UNSUBSCRIBED" | "REDACTED";
export interface SmsMarketingConsent {
  marketingState: SmsMarketingState;
  marketingOptInLevel: "SINGLE_OPT_IN" | "CONFIRMED_OPT_IN" | "UNKNOWN";
  consentUpdatedAt: string | null;
  consentCollectedFrom: "SHOPIFY" | "OTHER";
}

export interface Customer {
  id: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null; // E.164
  locale: string;
  note: string | null;
  tags: string[];
  state: "DECLINED" | "DISABLED" | "ENABLED" | "INVITED";
  verifiedEmail: boolean;
  defaultAddress: (Address & { id: number }) | null;
  smsMarketingConsent: SmsMarketingConsent | null; // null when the customer has no phone
  emailMarketingState: "NOT_SUBSCRIBED" | "SUBSCRIBED" | "UNSUBSCRIBED";
  createdAt: string;
  updatedAt: string;
}

export interface LineItem {
  id: number;
  productId: number | null;
  variantId: number | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  quantity: number;
  unitPrice: Money;
  discount: Money; // total discount allocated to this line
}

export interface TrackingInfo { company: string | null; number: string | null; url: string | null }

export type FulfillmentDisplayStatus = "FULFILLED" | "IN_TRANSIT" | "OUT_FOR_DELIVERY" | "DELIVERED" | "ATTEMPTED_DELIVERY" | "FAILURE";
export interface Fulfillment {
  id: number;
  orderId: number;
  name: string;
  status: "SUCCESS" | "CANCELLED";
  displayStatus: FulfillmentDisplayStatus;
  lineItems: { lineItemId: number; quantity: number }[];
  trackingInfo: TrackingInfo[];
  createdAt: string;
  updatedAt: string;
  inTransitAt: string | null;
  deliveredAt: string | null;
  estimatedDeliveryAt: string | null;
}

export type FinancialStatus = "PENDING" | "AUTHORIZED" | "PAID" | "PARTIALLY_REFUNDED" | "REFUNDED" | "VOIDED";
export interface Order {
  id: number;
  number: number;
  name: string;
  confirmationNumber: string;
  createdAt: string;
  processedAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  closedAt: string | null;
  customerId: number | null;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  currencyCode: string;
  lineItems: LineItem[];
  subtotal: Money;
  totalDiscounts: Money;
  total: Money;
  currentTotal: Money; // after refunds
  financialStatus: FinancialStatus;
  discountCodes: string[];
  appliedDiscountIds: number[];
  customAttributes: { key: string; value: string | null }[];
  shippingAddress: (Address & { id: number }) | null;
  fulfillments: Fulfillment[];
  sourceName: string;
  test: boolean;
}

export type DiscountValue = { percentage: number } | { amount: Money; appliesOnEachItem: boolean };
export type DiscountItems = { all: true } | { productIds: number[]; variantIds: number[] } | { collectionIds: number[] };
export interface CombinesWith { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean }

export interface Discount {
  id: number;
  method: "code" | "automatic";
  title: string;
  codes: { id: number; code: string; asyncUsageCount: number }[];
  value: DiscountValue;
  items: DiscountItems;
  combinesWith: CombinesWith;
  appliesOncePerCustomer: boolean;
  usageLimit: number | null;
  minimumSubtotal: Money | null;
  startsAt: string;
  endsAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type DiscountStatus = "ACTIVE" | "EXPIRED" | "SCHEDULED";
export function discountStatus(discount: Discount, at: Date): DiscountStatus {
  if (Date.parse(discount.startsAt) > at.getTime()) return "SCHEDULED";
  if (discount.endsAt && Date.parse(discount.endsAt) <= at.getTime()) return "EXPIRED";
  return "ACTIVE";
}

/** Merchandise discounts on chosen items are PRODUCT class; on all items, ORDER class (as in Shopify admin). */
export const discountClass = (discount: Discount) => ("all" in discount.items ? "ORDER" : "PRODUCT");

/**
 * A metafield on the calling app's installation (app-data metafield): private to the app in the
 * Admin API, readable by its theme app extension as `app.metafields.<namespace>.<key>`.
 */
export interface AppMetafield {
  id: number;
  namespace: string;
  key: string;
  /** A metafield type name, e.g. "json" or "single_line_text_field". */
  type: string;
  /** Always the string the app sent; `jsonValue` and Liquid's `.value` parse it by type. */
  value: string;
  createdAt: string;
  updatedAt: string;
}
