// In-memory Shopify data, one ShopStore per shop domain, with the methods the stand-in and
// the sandbox use to read it and to make things happen (orders placed, shipped, delivered).
// views.ts turns the records into Admin GraphQL objects.
import { applyDiscounts } from "./pricing";
import type { ValidatedMetafield } from "./metafields";
import {
  discountStatus,
  fromCents,
  gid,
  isoSeconds,
  toCents,
  type Address,
  type AppMetafield,
  type Collection,
  type CombinesWith,
  type Customer,
  type Discount,
  type DiscountItems,
  type DiscountValue,
  type FinancialStatus,
  type Fulfillment,
  type FulfillmentDisplayStatus,
  type LineItem,
  type Money,
  type Order,
  type Product,
  type ShopInfo,
  type SmsMarketingConsent,
  type SmsMarketingState,
  type Variant,
} from "./records";

export * from "./records";

// Realistic-looking id ranges per resource, so ids of different kinds never collide.
const ID_BASES = {
  Shop: 60_110_000_000, Product: 8_472_310_000_000, ProductVariant: 45_102_770_000_000, InventoryItem: 47_210_330_000_000,
  ProductImage: 32_101_550_000_000, MediaImage: 28_004_660_000_000, Collection: 452_180_000_000,
  Customer: 7_301_220_000_000, MailingAddress: 9_804_440_000_000, Order: 5_902_880_000_000, LineItem: 14_660_120_000_000,
  Fulfillment: 5_301_770_000_000, Discount: 1_402_550_000_000, DiscountRedeemCode: 17_500_990_000_000,
  App: 6_171_210_000, AppInstallation: 561_440_000_000, Metafield: 30_115_880_000_000,
} as const;
export type IdKind = keyof typeof ID_BASES;

export interface NewProduct {
  title: string;
  handle?: string;
  descriptionHtml?: string;
  vendor?: string;
  productType?: string;
  tags?: string[];
  status?: Product["status"];
  optionName?: string;
  images?: { url: string; altText?: string | null; width?: number; height?: number }[];
  variants: { title?: string; sku?: string | null; price: Money | number; compareAtPrice?: Money | number | null; inventoryQuantity?: number; inventoryPolicy?: Variant["inventoryPolicy"] }[];
  createdAt?: string;
}

export interface NewCustomer {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  locale?: string;
  note?: string | null;
  tags?: string[];
  address?: Address | null;
  smsMarketingState?: SmsMarketingState;
  emailMarketingState?: Customer["emailMarketingState"];
  createdAt?: string;
}

export interface NewOrder {
  customerId?: number | null;
  email?: string | null;
  phone?: string | null;
  lineItems: { variantId: number; quantity: number; unitPrice?: Money | number }[];
  discountCodes?: string[];
  customAttributes?: { key: string; value: string | null }[];
  note?: string | null;
  tags?: string[];
  createdAt?: string;
  financialStatus?: FinancialStatus;
  /** Take the ordered quantities out of stock (simulated live orders do; seeded history doesn't). */
  decrementInventory?: boolean;
}

export interface NewDiscount {
  method: Discount["method"];
  title: string;
  code?: string;
  value: DiscountValue;
  items: DiscountItems;
  combinesWith?: Partial<CombinesWith>;
  appliesOncePerCustomer?: boolean;
  usageLimit?: number | null;
  minimumSubtotal?: Money | null;
  startsAt?: string;
  endsAt?: string | null;
}

export interface FulfilOptions {
  company?: string;
  number?: string;
  url?: string;
  at?: string;
  estimatedDeliveryAt?: string | null;
}

const slug = (text: string) => text.toLowerCase().replace(/&/g, "and").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
const digits = (phone: string) => phone.replace(/\D/g, "");

export class AdminState {
  readonly shops = new Map<string, ShopStore>();
  private readonly counters = new Map<IdKind, number>();
  /** The one app the stand-in serves (the OAuth app); each shop has an installation of it. */
  readonly appId: number;

  /** `now` is injectable so tests and seeds can pin time. */
  constructor(readonly now: () => Date = () => new Date()) {
    this.appId = this.nextId("App");
  }

  nextId(kind: IdKind): number {
    const next = (this.counters.get(kind) ?? ID_BASES[kind]) + 1;
    this.counters.set(kind, next);
    return next;
  }

  addShop(domain: string, info: Partial<Omit<ShopInfo, "id" | "myshopifyDomain">> = {}): ShopStore {
    if (this.shops.has(domain)) throw new Error(`shop ${domain} already exists`);
    const store = new ShopStore(this, domain, info);
    this.shops.set(domain, store);
    return store;
  }

  shop(domain: string): ShopStore | undefined {
    return this.shops.get(domain);
  }

  requireShop(domain: string): ShopStore {
    const store = this.shops.get(domain);
    if (!store) throw new Error(`unknown shop ${domain}`);
    return store;
  }
}

export class ShopStore {
  readonly info: ShopInfo;
  readonly products = new Map<number, Product>();
  readonly variants = new Map<number, Variant>();
  readonly collections = new Map<number, Collection>();
  readonly customers = new Map<number, Customer>();
  readonly orders = new Map<number, Order>();
  readonly discounts = new Map<number, Discount>();
  /** The app's installation on this shop, with its app-data metafields by "namespace.key". */
  readonly appInstallation: { id: number; metafields: Map<string, AppMetafield> };
  private nextOrderNumber = 1001;

  constructor(private readonly state: AdminState, readonly domain: string, info: Partial<Omit<ShopInfo, "id" | "myshopifyDomain">>) {
    const created = isoSeconds(this.now());
    const name = info.name ?? domain.replace(/\.myshopify\.com$/, "");
    this.info = {
      name,
      email: `owner@${domain}`,
      description: null,
      ianaTimezone: "America/New_York",
      timezoneAbbreviation: "EST",
      currencyCode: "USD",
      plan: { displayName: "Development", partnerDevelopment: true, shopifyPlus: false },
      primaryDomainUrl: `https://${domain}`,
      shopOwnerName: "Shop Owner",
      billingAddress: { address1: null, city: null, province: null, provinceCode: null, zip: null, country: "United States", countryCode: "US", phone: null },
      marketingSmsConsentEnabledAtCheckout: true,
      createdAt: created,
      updatedAt: created,
      ...info,
      id: state.nextId("Shop"),
      myshopifyDomain: domain,
    };
    this.appInstallation = { id: state.nextId("AppInstallation"), metafields: new Map() };
  }

  get appId(): number {
    return this.state.appId;
  }

  now(): Date {
    return this.state.now();
  }

  private stamp(at?: string) {
    return at ?? isoSeconds(this.now());
  }

  // ---- catalog ----

  addProduct(input: NewProduct): Product {
    const createdAt = this.stamp(input.createdAt);
    const handle = input.handle ?? slug(input.title);
    if (this.productByHandle(handle)) throw new Error(`handle ${handle} is taken`);
    const product: Product = {
      id: this.state.nextId("Product"),
      title: input.title,
      handle,
      descriptionHtml: input.descriptionHtml ?? "",
      vendor: input.vendor ?? this.info.name,
      productType: input.productType ?? "",
      tags: input.tags ?? [],
      status: input.status ?? "ACTIVE",
      optionName: input.optionName ?? "Title",
      images: (input.images ?? []).map((image) => ({
        id: this.state.nextId("ProductImage"),
        mediaId: this.state.nextId("MediaImage"),
        url: image.url,
        altText: image.altText ?? null,
        width: image.width ?? 800,
        height: image.height ?? 800,
      })),
      variantIds: [],
      createdAt,
      updatedAt: createdAt,
      publishedAt: input.status === "DRAFT" ? null : createdAt,
    };
    this.products.set(product.id, product);
    input.variants.forEach((v, index) => {
      const variant: Variant = {
        id: this.state.nextId("ProductVariant"),
        productId: product.id,
        inventoryItemId: this.state.nextId("InventoryItem"),
        title: v.title ?? "Default Title",
        sku: v.sku ?? null,
        barcode: null,
        price: fromCents(toCents(v.price)),
        compareAtPrice: v.compareAtPrice == null ? null : fromCents(toCents(v.compareAtPrice)),
        position: index + 1,
        inventoryQuantity: v.inventoryQuantity ?? 0,
        inventoryPolicy: v.inventoryPolicy ?? "DENY",
        taxable: true,
        createdAt,
        updatedAt: createdAt,
      };
      this.variants.set(variant.id, variant);
      product.variantIds.push(variant.id);
    });
    return product;
  }

  addCollection(input: { title: string; handle?: string; descriptionHtml?: string; productIds: number[] }): Collection {
    const collection: Collection = {
      id: this.state.nextId("Collection"),
      title: input.title,
      handle: input.handle ?? slug(input.title),
      descriptionHtml: input.descriptionHtml ?? "",
      productIds: [...input.productIds],
      updatedAt: this.stamp(),
    };
    this.collections.set(collection.id, collection);
    return collection;
  }

  productByHandle(handle: string): Product | undefined {
    for (const product of this.products.values()) if (product.handle === handle) return product;
    return undefined;
  }

  variantsOf(product: Product): Variant[] {
    return product.variantIds.map((id) => this.variants.get(id)!);
  }

  variantBySku(sku: string): Variant | undefined {
    for (const variant of this.variants.values()) if (variant.sku === sku) return variant;
    return undefined;
  }

  variantByInventoryItem(inventoryItemId: number): Variant | undefined {
    for (const variant of this.variants.values()) if (variant.inventoryItemId === inventoryItemId) return variant;
    return undefined;
  }

  availableForSale(variant: Variant): boolean {
    const product = this.products.get(variant.productId);
    return product?.status === "ACTIVE" && (variant.inventoryPolicy === "CONTINUE" || variant.inventoryQuantity > 0);
  }

  collectionsOf(productId: number): Collection[] {
    return [...this.collections.values()].filter((c) => c.productIds.includes(productId));
  }

  // ---- customers ----

  addCustomer(input: NewCustomer): Customer {
    const createdAt = this.stamp(input.createdAt);
    const phone = input.phone ?? null;
    const customer: Customer = {
      id: this.state.nextId("Customer"),
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      email: input.email ?? null,
      phone,
      locale: input.locale ?? "en",
      note: input.note ?? null,
      tags: input.tags ?? [],
      state: "DISABLED",
      verifiedEmail: Boolean(input.email),
      defaultAddress: input.address
        ? { ...input.address, firstName: input.address.firstName ?? input.firstName, lastName: input.address.lastName ?? input.lastName, id: this.state.nextId("MailingAddress") }
        : null,
      smsMarketingConsent: phone
        ? {
            marketingState: input.smsMarketingState ?? "NOT_SUBSCRIBED",
            marketingOptInLevel: input.smsMarketingState === "SUBSCRIBED" ? "SINGLE_OPT_IN" : "UNKNOWN",
            consentUpdatedAt: input.smsMarketingState && input.smsMarketingState !== "NOT_SUBSCRIBED" ? createdAt : null,
            consentCollectedFrom: "SHOPIFY",
          }
        : null,
      emailMarketingState: input.emailMarketingState ?? "NOT_SUBSCRIBED",
      createdAt,
      updatedAt: createdAt,
    };
    this.customers.set(customer.id, customer);
    return customer;
  }

  /** Matches on digits, so "+1 (305) 555-0142" finds "+13055550142"; a 10-digit number matches its +1 form. */
  customerByPhone(phone: string): Customer | undefined {
    const wanted = digits(phone);
    if (!wanted) return undefined;
    for (const customer of this.customers.values()) {
      const have = customer.phone ? digits(customer.phone) : "";
      if (have && (have === wanted || have.endsWith(wanted) || wanted.endsWith(have))) return customer;
    }
    return undefined;
  }

  customerByEmail(email: string): Customer | undefined {
    const wanted = email.trim().toLowerCase();
    for (const customer of this.customers.values()) if (customer.email?.toLowerCase() === wanted) return customer;
    return undefined;
  }

  updateSmsConsent(customerId: number, consent: Partial<SmsMarketingConsent> & { marketingState: SmsMarketingState }): Customer {
    const customer = this.customers.get(customerId);
    if (!customer) throw new Error(`unknown customer ${customerId}`);
    const at = this.stamp();
    customer.smsMarketingConsent = {
      marketingState: consent.marketingState,
      marketingOptInLevel: consent.marketingOptInLevel ?? "SINGLE_OPT_IN",
      consentUpdatedAt: consent.consentUpdatedAt ?? at,
      consentCollectedFrom: consent.consentCollectedFrom ?? "OTHER",
    };
    customer.updatedAt = at;
    return customer;
  }

  ordersOf(customerId: number): Order[] {
    return [...this.orders.values()].filter((o) => o.customerId === customerId);
  }

  /** Shopify's amountSpent/numberOfOrders: cancelled orders don't count, refunds reduce the amount. */
  customerTotals(customerId: number): { amountSpent: Money; numberOfOrders: number } {
    const orders = this.ordersOf(customerId).filter((o) => !o.cancelledAt);
    return { amountSpent: fromCents(orders.reduce((sum, o) => sum + toCents(o.currentTotal), 0)), numberOfOrders: orders.length };
  }

  // ---- discounts ----

  addDiscount(input: NewDiscount): Discount {
    const at = this.stamp();
    const discount: Discount = {
      id: this.state.nextId("Discount"),
      method: input.method,
      title: input.title,
      codes: input.method === "code" && input.code ? [{ id: this.state.nextId("DiscountRedeemCode"), code: input.code, asyncUsageCount: 0 }] : [],
      value: input.value,
      items: input.items,
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false, ...input.combinesWith },
      appliesOncePerCustomer: input.appliesOncePerCustomer ?? false,
      usageLimit: input.usageLimit ?? null,
      minimumSubtotal: input.minimumSubtotal ?? null,
      startsAt: input.startsAt ?? at,
      endsAt: input.endsAt ?? null,
      createdAt: at,
      updatedAt: at,
    };
    this.discounts.set(discount.id, discount);
    return discount;
  }

  /** Codes are unique per shop, case-insensitively. */
  discountByCode(code: string): Discount | undefined {
    const wanted = code.trim().toUpperCase();
    for (const discount of this.discounts.values()) if (discount.codes.some((c) => c.code.toUpperCase() === wanted)) return discount;
    return undefined;
  }

  /** The product ids a discount reaches, or "all". */
  discountProductIds(discount: Discount): Set<number> | "all" {
    if ("all" in discount.items) return "all";
    if ("collectionIds" in discount.items) {
      return new Set(discount.items.collectionIds.flatMap((id) => this.collections.get(id)?.productIds ?? []));
    }
    const variantProducts = discount.items.variantIds.map((id) => this.variants.get(id)?.productId).filter((id): id is number => id !== undefined);
    return new Set([...discount.items.productIds, ...variantProducts]);
  }

  // ---- app-data metafields ----

  appMetafield(namespace: string, key: string): AppMetafield | undefined {
    return this.appInstallation.metafields.get(`${namespace}.${key}`);
  }

  /** Writes already validated metafields (all of them: metafieldsSet is atomic). */
  setAppMetafields(metafields: ValidatedMetafield[]): AppMetafield[] {
    const at = this.stamp();
    return metafields.map((input) => {
      const current = this.appMetafield(input.namespace, input.key);
      const metafield: AppMetafield = current
        ? { ...current, type: input.type, value: input.value, updatedAt: at }
        : { id: this.state.nextId("Metafield"), ...input, createdAt: at, updatedAt: at };
      this.appInstallation.metafields.set(`${input.namespace}.${input.key}`, metafield);
      return metafield;
    });
  }

  // ---- orders ----

  /**
   * Creates an order the way checkout would: given codes and the automatic discounts active
   * at that time all apply if they combine, otherwise the single best saving wins.
   */
  addOrder(input: NewOrder): Order {
    const createdAt = this.stamp(input.createdAt);
    const at = new Date(createdAt);
    const customer = input.customerId != null ? this.customers.get(input.customerId) : undefined;
    if (input.customerId != null && !customer) throw new Error(`unknown customer ${input.customerId}`);
    if (input.lineItems.length === 0) throw new Error("an order needs at least one line item");

    const lines: LineItem[] = input.lineItems.map((item) => {
      const variant = this.variants.get(item.variantId);
      if (!variant) throw new Error(`unknown variant ${item.variantId}`);
      const product = this.products.get(variant.productId)!;
      if (input.decrementInventory) variant.inventoryQuantity -= item.quantity;
      return {
        id: this.state.nextId("LineItem"),
        productId: product.id,
        variantId: variant.id,
        title: product.title,
        variantTitle: variant.title === "Default Title" ? null : variant.title,
        sku: variant.sku,
        vendor: product.vendor,
        quantity: item.quantity,
        unitPrice: item.unitPrice === undefined ? variant.price : fromCents(toCents(item.unitPrice)),
        discount: "0.00",
      };
    });

    const codeDiscounts = (input.discountCodes ?? [])
      .map((code) => this.discountByCode(code))
      .filter((d): d is Discount => !!d && discountStatus(d, at) === "ACTIVE");
    const automatic = [...this.discounts.values()].filter((d) => d.method === "automatic" && discountStatus(d, at) === "ACTIVE");
    const candidates = [...codeDiscounts, ...automatic];
    const { applied, lineDiscounts } = applyDiscounts(lines, candidates, (d) => this.discountProductIds(d));
    lines.forEach((line, i) => (line.discount = fromCents(lineDiscounts[i])));
    const subtotal = lines.reduce((sum, l) => sum + toCents(l.unitPrice) * l.quantity, 0);
    const discounts = lines.reduce((sum, l) => sum + toCents(l.discount), 0);
    const appliedCodes = applied.flatMap((d) => d.codes.map((c) => c.code)).filter((code) => input.discountCodes?.some((c) => c.toUpperCase() === code.toUpperCase()));
    for (const d of applied) for (const c of d.codes) if (appliedCodes.includes(c.code)) c.asyncUsageCount += 1;

    const number = this.nextOrderNumber++;
    const financialStatus = input.financialStatus ?? "PAID";
    const total = fromCents(subtotal - discounts);
    const order: Order = {
      id: this.state.nextId("Order"),
      number,
      name: `#${number}`,
      confirmationNumber: confirmationNumber(number),
      createdAt,
      processedAt: createdAt,
      updatedAt: createdAt,
      cancelledAt: null,
      closedAt: null,
      customerId: customer?.id ?? null,
      email: input.email ?? customer?.email ?? null,
      phone: input.phone ?? customer?.phone ?? null,
      note: input.note ?? null,
      tags: input.tags ?? [],
      currencyCode: this.info.currencyCode,
      lineItems: lines,
      subtotal: fromCents(subtotal),
      totalDiscounts: fromCents(discounts),
      total,
      currentTotal: financialStatus === "REFUNDED" || financialStatus === "VOIDED" ? "0.00" : total,
      financialStatus,
      discountCodes: appliedCodes,
      appliedDiscountIds: applied.map((d) => d.id),
      customAttributes: input.customAttributes ?? [],
      shippingAddress: customer?.defaultAddress ? { ...customer.defaultAddress, id: this.state.nextId("MailingAddress") } : null,
      fulfillments: [],
      sourceName: "web",
      test: false,
    };
    this.orders.set(order.id, order);
    if (customer) customer.updatedAt = createdAt;
    return order;
  }

  /** Fulfils every unfulfilled line with one shipment. */
  fulfillOrder(orderId: number, options: FulfilOptions = {}): Fulfillment {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`unknown order ${orderId}`);
    const remaining = order.lineItems
      .map((line) => ({ lineItemId: line.id, quantity: line.quantity - this.fulfilledQuantity(order, line.id) }))
      .filter((l) => l.quantity > 0);
    if (remaining.length === 0) throw new Error(`order ${order.name} is already fulfilled`);
    const at = this.stamp(options.at);
    const company = options.company ?? "USPS";
    const trackingNumber = options.number ?? `9400${String(order.id).slice(-8)}${String(order.fulfillments.length + 1).padStart(2, "0")}00`;
    const fulfillment: Fulfillment = {
      id: this.state.nextId("Fulfillment"),
      orderId: order.id,
      name: `${order.name}-F${order.fulfillments.length + 1}`,
      status: "SUCCESS",
      displayStatus: "FULFILLED",
      lineItems: remaining,
      trackingInfo: [{ company, number: trackingNumber, url: options.url ?? trackingUrl(company, trackingNumber) }],
      createdAt: at,
      updatedAt: at,
      inTransitAt: null,
      deliveredAt: null,
      estimatedDeliveryAt: options.estimatedDeliveryAt ?? isoSeconds(Date.parse(at) + 4 * 86_400_000),
    };
    order.fulfillments.push(fulfillment);
    order.updatedAt = at;
    return fulfillment;
  }

  /** Moves a shipment along: IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, … (defaults to the order's latest shipment). */
  updateShipment(orderId: number, displayStatus: FulfillmentDisplayStatus, at?: string): Fulfillment {
    const order = this.orders.get(orderId);
    const fulfillment = order?.fulfillments.at(-1);
    if (!order || !fulfillment) throw new Error(`order ${orderId} has no fulfillment`);
    const when = this.stamp(at);
    fulfillment.displayStatus = displayStatus;
    fulfillment.updatedAt = when;
    if (displayStatus === "IN_TRANSIT") fulfillment.inTransitAt ??= when;
    if (displayStatus === "DELIVERED") {
      fulfillment.inTransitAt ??= when;
      fulfillment.deliveredAt = when;
    }
    order.updatedAt = when;
    return fulfillment;
  }

  fulfilledQuantity(order: Order, lineItemId: number): number {
    return order.fulfillments
      .filter((f) => f.status === "SUCCESS")
      .flatMap((f) => f.lineItems)
      .filter((l) => l.lineItemId === lineItemId)
      .reduce((sum, l) => sum + l.quantity, 0);
  }

  fulfillmentStatus(order: Order): "UNFULFILLED" | "PARTIALLY_FULFILLED" | "FULFILLED" {
    const ordered = order.lineItems.reduce((sum, l) => sum + l.quantity, 0);
    const shipped = order.lineItems.reduce((sum, l) => sum + this.fulfilledQuantity(order, l.id), 0);
    return shipped === 0 ? "UNFULFILLED" : shipped >= ordered ? "FULFILLED" : "PARTIALLY_FULFILLED";
  }

  /** Finds a fulfillment by id across orders. */
  fulfillment(fulfillmentId: number): Fulfillment | undefined {
    for (const order of this.orders.values()) {
      const found = order.fulfillments.find((f) => f.id === fulfillmentId);
      if (found) return found;
    }
    return undefined;
  }

  lineItem(lineItemId: number): { order: Order; lineItem: LineItem } | undefined {
    for (const order of this.orders.values()) {
      const lineItem = order.lineItems.find((l) => l.id === lineItemId);
      if (lineItem) return { order, lineItem };
    }
    return undefined;
  }

  summary() {
    return {
      shop: this.domain,
      name: this.info.name,
      products: this.products.size,
      variants: this.variants.size,
      collections: this.collections.size,
      customers: this.customers.size,
      orders: this.orders.size,
      discounts: [...this.discounts.values()].map((d) => ({
        id: gid(d.method === "code" ? "DiscountCodeNode" : "DiscountAutomaticNode", d.id),
        title: d.title,
        codes: d.codes.map((c) => c.code),
        status: discountStatus(d, this.now()),
      })),
      appMetafields: [...this.appInstallation.metafields.values()].map((m) => ({ namespace: m.namespace, key: m.key, type: m.type, value: m.value })),
    };
  }
}

function confirmationNumber(orderNumber: number): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  let n = orderNumber * 2_654_435_761;
  let out = "";
  for (let i = 0; i < 9; i++) {
    out += alphabet[n % alphabet.length];
    n = Math.floor(n / alphabet.length) + orderNumber * (i + 7);
  }
  return out;
}

function trackingUrl(company: string, number: string): string | null {
  const carriers: Record<string, string> = {
    USPS: "https://tools.usps.com/go/TrackConfirmAction?tLabels=",
    UPS: "https://www.ups.com/track?tracknum=",
    FedEx: "https://www.fedex.com/fedextrack/?trknbr=",
  };
  return carriers[company] ? carriers[company] + encodeURIComponent(number) : null;
}
