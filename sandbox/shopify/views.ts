// State records → Admin GraphQL objects. Each view carries `__typename` (read by the type
// resolver) and plain values; fields with arguments are functions, which graphql's default
// field resolver calls with the arguments.
import { paginate, sortBy, type ConnectionArgs } from "./connection";
import { listCollections, listOrders, listProducts, listVariants, type ListArgs } from "./lists";
import { compareDigest, resolveNamespace, typedValue } from "./metafields";
import {
  discountClass,
  discountStatus,
  fromCents,
  gid,
  toCents,
  type Address,
  type AppMetafield,
  type Collection,
  type Customer,
  type Discount,
  type Fulfillment,
  type LineItem,
  type Money,
  type Order,
  type Product,
  type ProductImage,
  type ShopStore,
  type Variant,
} from "./state";

type Args = ConnectionArgs & ListArgs;
type View = { __typename: string } & Record<string, unknown>;

/** Shopify's Decimal output: "38.0", "24.5", "24.99". */
const decimal = (amount: Money) => {
  const fixed = fromCents(toCents(amount));
  return fixed.endsWith("0") ? fixed.slice(0, -1) : fixed;
};

export const moneyV2 = (store: ShopStore, amount: Money) => ({ amount: decimal(amount), currencyCode: store.info.currencyCode });
export const moneyBag = (store: ShopStore, amount: Money) => ({ shopMoney: moneyV2(store, amount), presentmentMoney: moneyV2(store, amount) });

const stripHtml = (html: string) => html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
const countView = (count: number) => ({ count, precision: "EXACT" });

export function shopView(store: ShopStore): View {
  const info = store.info;
  const domain = new URL(info.primaryDomainUrl);
  return {
    __typename: "Shop",
    id: gid("Shop", info.id),
    name: info.name,
    email: info.email,
    contactEmail: info.email,
    description: info.description,
    myshopifyDomain: info.myshopifyDomain,
    url: info.primaryDomainUrl,
    primaryDomain: { __typename: "Domain", id: gid("Domain", info.id), host: domain.host, sslEnabled: domain.protocol === "https:", url: info.primaryDomainUrl },
    ianaTimezone: info.ianaTimezone,
    timezoneAbbreviation: info.timezoneAbbreviation,
    currencyCode: info.currencyCode,
    plan: info.plan,
    shopOwnerName: info.shopOwnerName,
    billingAddress: { __typename: "ShopAddress", id: gid("ShopAddress", info.id), ...addressFields(info.billingAddress) },
    marketingSmsConsentEnabledAtCheckout: info.marketingSmsConsentEnabledAtCheckout,
    createdAt: info.createdAt,
    updatedAt: info.updatedAt,
  };
}

function addressFields(address: Address) {
  return {
    address1: address.address1,
    city: address.city,
    province: address.province,
    provinceCode: address.provinceCode,
    zip: address.zip,
    country: address.country,
    countryCodeV2: address.countryCode,
    phone: address.phone ?? null,
  };
}

export function mailingAddressView(address: Address & { id: number }): View {
  const name = [address.firstName, address.lastName].filter(Boolean).join(" ") || null;
  return { __typename: "MailingAddress", id: gid("MailingAddress", address.id), firstName: address.firstName ?? null, lastName: address.lastName ?? null, name, ...addressFields(address) };
}

function imageView(image: ProductImage): View {
  return {
    __typename: "Image",
    id: gid("ProductImage", image.id),
    altText: image.altText,
    url: () => image.url,
    width: image.width,
    height: image.height,
  };
}

export function mediaImageView(product: Product, image: ProductImage): View {
  const preview = { image: imageView(image), status: "READY" };
  return {
    __typename: "MediaImage",
    id: gid("MediaImage", image.mediaId),
    alt: image.altText,
    image: imageView(image),
    mimeType: "image/svg+xml",
    mediaContentType: "IMAGE",
    preview,
    status: "READY",
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
}

export function productView(store: ShopStore, product: Product): View {
  const variants = store.variantsOf(product);
  const prices = variants.map((v) => toCents(v.price));
  const onlyDefault = variants.length === 1 && variants[0].title === "Default Title";
  const onlineStoreUrl = product.status === "ACTIVE" ? `${store.info.primaryDomainUrl}/products/${product.handle}` : null;
  return {
    __typename: "Product",
    id: gid("Product", product.id),
    legacyResourceId: String(product.id),
    title: product.title,
    handle: product.handle,
    description: ({ truncateAt }: { truncateAt?: number | null }) => {
      const text = stripHtml(product.descriptionHtml);
      return truncateAt && text.length > truncateAt ? `${text.slice(0, Math.max(0, truncateAt - 3))}...` : text;
    },
    descriptionHtml: product.descriptionHtml,
    vendor: product.vendor,
    productType: product.productType,
    tags: product.tags,
    status: product.status,
    onlineStoreUrl,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
    publishedAt: product.publishedAt,
    totalInventory: variants.reduce((sum, v) => sum + v.inventoryQuantity, 0),
    tracksInventory: true,
    hasOnlyDefaultVariant: onlyDefault,
    priceRangeV2: {
      minVariantPrice: moneyV2(store, fromCents(Math.min(...prices))),
      maxVariantPrice: moneyV2(store, fromCents(Math.max(...prices))),
    },
    options: ({ first }: { first?: number | null }) =>
      [{ __typename: "ProductOption", id: gid("ProductOption", product.id + 2_000_000_000_000_000), name: product.optionName, position: 1, values: variants.map((v) => v.title) }].slice(0, first ?? undefined),
    featuredImage: product.images[0] ? imageView(product.images[0]) : null,
    images: (args: Args) => paginate(product.images, args, (i) => i.id, imageView),
    featuredMedia: product.images[0] ? mediaImageView(product, product.images[0]) : null,
    media: (args: Args) => paginate(product.images, args, (i) => i.mediaId, (i) => mediaImageView(product, i)),
    variants: (args: Args) => paginate(listVariants(store, { sortKey: args.sortKey ?? "POSITION" }, variants), args, (v) => v.id, (v) => variantView(store, v)),
    variantsCount: countView(variants.length),
    collections: (args: Args) => paginate(listCollections(store, args, store.collectionsOf(product.id)), args, (c) => c.id, (c) => collectionView(store, c)),
  };
}

export function variantView(store: ShopStore, variant: Variant): View {
  const product = store.products.get(variant.productId)!;
  return {
    __typename: "ProductVariant",
    id: gid("ProductVariant", variant.id),
    legacyResourceId: String(variant.id),
    title: variant.title,
    displayName: `${product.title} - ${variant.title}`,
    sku: variant.sku,
    barcode: variant.barcode,
    price: variant.price,
    compareAtPrice: variant.compareAtPrice,
    position: variant.position,
    inventoryQuantity: variant.inventoryQuantity,
    inventoryPolicy: variant.inventoryPolicy,
    availableForSale: store.availableForSale(variant),
    taxable: variant.taxable,
    selectedOptions: [{ name: product.optionName, value: variant.title }],
    image: null,
    product: () => productView(store, product),
    inventoryItem: () => inventoryItemView(store, variant),
    createdAt: variant.createdAt,
    updatedAt: variant.updatedAt,
  };
}

export function inventoryItemView(store: ShopStore, variant: Variant): View {
  return {
    __typename: "InventoryItem",
    id: gid("InventoryItem", variant.inventoryItemId),
    legacyResourceId: String(variant.inventoryItemId),
    sku: variant.sku,
    tracked: true,
    requiresShipping: true,
    variant: () => variantView(store, variant),
    createdAt: variant.createdAt,
    updatedAt: variant.updatedAt,
  };
}

export function collectionView(store: ShopStore, collection: Collection): View {
  const products = collection.productIds.map((id) => store.products.get(id)).filter((p): p is Product => !!p);
  const collectionOrder = (args: Args) => {
    switch (args.sortKey) {
      case "TITLE": return listProducts(store, { sortKey: "TITLE" }, products);
      case "CREATED": return listProducts(store, { sortKey: "CREATED_AT" }, products);
      case "ID": return listProducts(store, {}, products);
      case "PRICE": return sortBy(products, (p) => Math.min(...store.variantsOf(p).map((v) => toCents(v.price))), (p) => p.id);
      default: return products; // COLLECTION_DEFAULT / MANUAL: the collection's own order
    }
  };
  return {
    __typename: "Collection",
    id: gid("Collection", collection.id),
    legacyResourceId: String(collection.id),
    title: collection.title,
    handle: collection.handle,
    description: ({ truncateAt }: { truncateAt?: number | null }) => stripHtml(collection.descriptionHtml).slice(0, truncateAt ?? undefined),
    descriptionHtml: collection.descriptionHtml,
    image: null,
    updatedAt: collection.updatedAt,
    products: (args: Args) => paginate(collectionOrder(args), args, (p) => p.id, (p) => productView(store, p)),
    productsCount: countView(products.length),
  };
}

export function customerView(store: ShopStore, customer: Customer): View {
  const totals = store.customerTotals(customer.id);
  const orders = store.ordersOf(customer.id);
  const lastOrder = orders.reduce<Order | null>((latest, o) => (!latest || o.createdAt > latest.createdAt ? o : latest), null);
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ");
  return {
    __typename: "Customer",
    id: gid("Customer", customer.id),
    legacyResourceId: String(customer.id),
    firstName: customer.firstName,
    lastName: customer.lastName,
    displayName: name || customer.email || customer.phone || "",
    email: customer.email,
    phone: customer.phone,
    locale: customer.locale,
    note: customer.note,
    tags: customer.tags,
    state: customer.state,
    verifiedEmail: customer.verifiedEmail,
    amountSpent: moneyV2(store, totals.amountSpent),
    numberOfOrders: String(totals.numberOfOrders),
    defaultAddress: customer.defaultAddress ? mailingAddressView(customer.defaultAddress) : null,
    smsMarketingConsent: customer.smsMarketingConsent,
    emailMarketingConsent: customer.email
      ? { marketingState: customer.emailMarketingState, marketingOptInLevel: "SINGLE_OPT_IN", consentUpdatedAt: customer.emailMarketingState === "NOT_SUBSCRIBED" ? null : customer.createdAt }
      : null,
    lastOrder: () => (lastOrder ? orderView(store, lastOrder) : null),
    orders: (args: Args) => paginate(listOrders(store, args, orders), args, (o) => o.id, (o) => orderView(store, o)),
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  };
}

export function orderView(store: ShopStore, order: Order): View {
  const customer = order.customerId ? store.customers.get(order.customerId) : undefined;
  return {
    __typename: "Order",
    id: gid("Order", order.id),
    legacyResourceId: String(order.id),
    name: order.name,
    confirmationNumber: order.confirmationNumber,
    createdAt: order.createdAt,
    processedAt: order.processedAt,
    updatedAt: order.updatedAt,
    cancelledAt: order.cancelledAt,
    closedAt: order.closedAt,
    test: order.test,
    sourceName: order.sourceName,
    customer: () => (customer ? customerView(store, customer) : null),
    email: order.email,
    phone: order.phone,
    note: order.note,
    tags: order.tags,
    currencyCode: order.currencyCode,
    lineItems: (args: Args) => paginate(order.lineItems, args, (l) => l.id, (l) => lineItemView(store, l)),
    subtotalPriceSet: moneyBag(store, order.subtotal),
    totalDiscountsSet: moneyBag(store, order.totalDiscounts),
    totalPriceSet: moneyBag(store, order.total),
    currentTotalPriceSet: moneyBag(store, order.currentTotal),
    displayFinancialStatus: order.financialStatus,
    displayFulfillmentStatus: store.fulfillmentStatus(order),
    discountCode: order.discountCodes[0] ?? null,
    discountCodes: order.discountCodes,
    customAttributes: order.customAttributes,
    shippingAddress: order.shippingAddress ? mailingAddressView(order.shippingAddress) : null,
    fulfillments: ({ first }: { first?: number | null }) => order.fulfillments.slice(0, first ?? undefined).map((f) => fulfillmentView(store, f)),
    statusPageUrl: `https://${store.domain}/${store.info.id}/orders/${order.confirmationNumber.toLowerCase()}/authenticate`,
  };
}

export function lineItemView(store: ShopStore, line: LineItem): View {
  const product = line.productId ? store.products.get(line.productId) : undefined;
  const variant = line.variantId ? store.variants.get(line.variantId) : undefined;
  const lineTotal = fromCents(toCents(line.unitPrice) * line.quantity);
  return {
    __typename: "LineItem",
    id: gid("LineItem", line.id),
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    title: line.title,
    variantTitle: line.variantTitle,
    sku: line.sku,
    vendor: line.vendor,
    quantity: line.quantity,
    currentQuantity: line.quantity,
    customAttributes: [],
    image: product?.images[0] ? imageView(product.images[0]) : null,
    product: () => (product ? productView(store, product) : null),
    variant: () => (variant ? variantView(store, variant) : null),
    originalUnitPriceSet: moneyBag(store, line.unitPrice),
    originalTotalSet: moneyBag(store, lineTotal),
    discountedTotalSet: () => moneyBag(store, fromCents(toCents(lineTotal) - toCents(line.discount))),
  };
}

export function fulfillmentView(store: ShopStore, fulfillment: Fulfillment): View {
  return {
    __typename: "Fulfillment",
    id: gid("Fulfillment", fulfillment.id),
    legacyResourceId: String(fulfillment.id),
    name: fulfillment.name,
    order: () => orderView(store, store.orders.get(fulfillment.orderId)!),
    status: fulfillment.status,
    displayStatus: fulfillment.displayStatus,
    totalQuantity: fulfillment.lineItems.reduce((sum, l) => sum + l.quantity, 0),
    trackingInfo: ({ first }: { first?: number | null }) => fulfillment.trackingInfo.slice(0, first ?? undefined),
    createdAt: fulfillment.createdAt,
    updatedAt: fulfillment.updatedAt,
    inTransitAt: fulfillment.inTransitAt,
    deliveredAt: fulfillment.deliveredAt,
    estimatedDeliveryAt: fulfillment.estimatedDeliveryAt,
  };
}

// ---- discounts ----

export const codeDiscountNodeView = (store: ShopStore, d: Discount): View => ({ __typename: "DiscountCodeNode", id: gid("DiscountCodeNode", d.id), codeDiscount: discountView(store, d) });
export const automaticDiscountNodeView = (store: ShopStore, d: Discount): View => ({ __typename: "DiscountAutomaticNode", id: gid("DiscountAutomaticNode", d.id), automaticDiscount: discountView(store, d) });
export const discountNodeView = (store: ShopStore, d: Discount): View => ({ __typename: "DiscountNode", id: gid("DiscountNode", d.id), discount: discountView(store, d) });

/** "15% off Skin Care" / "$10.00 off entire order". */
export function discountSummary(store: ShopStore, d: Discount): string {
  const value = "percentage" in d.value ? `${Math.round(d.value.percentage * 1000) / 10}% off` : `$${fromCents(toCents(d.value.amount))} off`;
  let target = "entire order";
  if ("collectionIds" in d.items) {
    target = d.items.collectionIds.map((id) => store.collections.get(id)?.title).filter(Boolean).join(", ") || "collections";
  } else if ("productIds" in d.items) {
    const count = d.items.productIds.length + d.items.variantIds.length;
    target = count === 1 ? (store.products.get(d.items.productIds[0])?.title ?? "1 product") : `${count} products`;
  }
  return `${value} ${target}`;
}

function discountView(store: ShopStore, d: Discount): View {
  const shortSummary = discountSummary(store, d);
  const minimum = d.minimumSubtotal ? ` • Minimum purchase of $${fromCents(toCents(d.minimumSubtotal))}` : "";
  const common = {
    title: d.title,
    summary: `${shortSummary}${minimum}${d.method === "code" ? " • For all customers" : ""}`,
    shortSummary,
    status: discountStatus(d, store.now()),
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    discountClass: discountClass(d),
    combinesWith: d.combinesWith,
    customerGets: { appliesOnOneTimePurchase: true, appliesOnSubscription: false, items: discountItemsView(store, d), value: discountValueView(store, d) },
    asyncUsageCount: d.codes.reduce((sum, c) => sum + c.asyncUsageCount, 0),
  };
  if (d.method === "automatic") return { __typename: "DiscountAutomaticBasic", ...common };
  const codes = d.codes.map((c) => ({ __typename: "DiscountRedeemCode", id: gid("DiscountRedeemCode", c.id), code: c.code, asyncUsageCount: c.asyncUsageCount, _id: c.id }));
  return {
    __typename: "DiscountCodeBasic",
    ...common,
    customerSelection: { __typename: "DiscountCustomerAll", allCustomers: true },
    appliesOncePerCustomer: d.appliesOncePerCustomer,
    usageLimit: d.usageLimit,
    codes: (args: Args) => paginate(codes, args, (c) => c._id, (c) => c),
    codesCount: countView(codes.length),
  };
}

function discountItemsView(store: ShopStore, d: Discount): View {
  const items = d.items;
  if ("all" in items) return { __typename: "AllDiscountItems", allItems: true };
  if ("collectionIds" in items) {
    const collections = items.collectionIds.map((id) => store.collections.get(id)).filter((c): c is Collection => !!c);
    return { __typename: "DiscountCollections", collections: (args: Args) => paginate(collections, args, (c) => c.id, (c) => collectionView(store, c)) };
  }
  const products = items.productIds.map((id) => store.products.get(id)).filter((p): p is Product => !!p);
  const variants = items.variantIds.map((id) => store.variants.get(id)).filter((v): v is Variant => !!v);
  return {
    __typename: "DiscountProducts",
    products: (args: Args) => paginate(products, args, (p) => p.id, (p) => productView(store, p)),
    productVariants: (args: Args) => paginate(variants, args, (v) => v.id, (v) => variantView(store, v)),
  };
}

function discountValueView(store: ShopStore, d: Discount): View {
  return "percentage" in d.value
    ? { __typename: "DiscountPercentage", percentage: d.value.percentage }
    : { __typename: "DiscountAmount", amount: moneyV2(store, d.value.amount), appliesOnEachItem: d.value.appliesOnEachItem };
}

export function metafieldView(metafield: AppMetafield): View {
  return {
    __typename: "Metafield",
    id: gid("Metafield", metafield.id),
    legacyResourceId: String(metafield.id),
    namespace: metafield.namespace,
    key: metafield.key,
    type: metafield.type,
    value: metafield.value,
    jsonValue: typedValue(metafield),
    compareDigest: compareDigest(metafield),
    description: null,
    createdAt: metafield.createdAt,
    updatedAt: metafield.updatedAt,
  };
}

/** The calling app's installation (`currentAppInstallation`) and its app-data metafields. */
export function appInstallationView(store: ShopStore): View {
  const metafields = () => [...store.appInstallation.metafields.values()].sort((a, b) => a.id - b.id);
  return {
    __typename: "AppInstallation",
    id: gid("AppInstallation", store.appInstallation.id),
    // An omitted namespace means the app-reserved one.
    metafield: ({ namespace, key }: { namespace?: string | null; key: string }) => {
      const found = store.appMetafield(resolveNamespace(namespace, store.appId), key);
      return found ? metafieldView(found) : null;
    },
    metafields: (args: ConnectionArgs & { namespace?: string | null; keys?: string[] | null }) => {
      const wanted = args.keys ? new Set(args.keys) : null;
      const namespace = wanted ? null : resolveNamespace(args.namespace, store.appId);
      const list = metafields().filter((m) => (wanted ? wanted.has(`${m.namespace}.${m.key}`) : m.namespace === namespace));
      return paginate(list, args, (m) => m.id, metafieldView);
    },
  };
}
