// Root fields (queries and mutations) of the stand-in, read from and written to the state.
// Nested fields are served by the views' plain properties.
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { paginate, type ConnectionArgs } from "./connection";
import { listCollections, listCustomers, listDiscounts, listOrders, listProducts, listVariants, type ListArgs } from "./lists";
import { validateMetafieldsSet, type MetafieldsSetInput } from "./metafields";
import { isoSeconds, parseGid, type AdminState, type DiscountItems, type DiscountValue, type ShopStore, type SmsMarketingState } from "./state";
import {
  appInstallationView,
  automaticDiscountNodeView,
  codeDiscountNodeView,
  collectionView,
  customerView,
  discountNodeView,
  fulfillmentView,
  inventoryItemView,
  lineItemView,
  mailingAddressView,
  mediaImageView,
  metafieldView,
  orderView,
  productView,
  shopView,
  variantView,
} from "./views";

export interface AdminContext {
  state: AdminState;
  store: ShopStore;
  /** Scopes granted to the calling token; write_x implies read_x. */
  scopes: ReadonlySet<string>;
}

type Args = Record<string, unknown> & ConnectionArgs & ListArgs;
type RootResolver = (args: Args, ctx: AdminContext, info: GraphQLResolveInfo) => unknown;

/** The access scope each root field needs, as Shopify documents it. */
const REQUIRED_SCOPE: Record<string, string> = {
  product: "read_products", productByHandle: "read_products", products: "read_products",
  productVariant: "read_products", productVariants: "read_products", collection: "read_products", collections: "read_products",
  customer: "read_customers", customers: "read_customers",
  order: "read_orders", orders: "read_orders",
  codeDiscountNode: "read_discounts", codeDiscountNodeByCode: "read_discounts", codeDiscountNodes: "read_discounts",
  automaticDiscountNode: "read_discounts", automaticDiscountNodes: "read_discounts", discountNode: "read_discounts", discountNodes: "read_discounts",
  discountCodeBasicCreate: "write_discounts", customerCreate: "write_customers", customerSmsMarketingConsentUpdate: "write_customers",
};

const SCOPE_BY_GID_TYPE: Record<string, string> = {
  Product: "read_products", ProductVariant: "read_products", InventoryItem: "read_inventory", Collection: "read_products", MediaImage: "read_products",
  Customer: "read_customers", MailingAddress: "read_customers", Order: "read_orders", LineItem: "read_orders", Fulfillment: "read_orders",
  DiscountCodeNode: "read_discounts", DiscountAutomaticNode: "read_discounts", DiscountNode: "read_discounts",
};

export function hasScope(scopes: ReadonlySet<string>, required: string): boolean {
  return scopes.has(required) || (required.startsWith("read_") && scopes.has(`write_${required.slice(5)}`)) ||
    // read_products also grants inventory item reads for variants in practice
    (required === "read_inventory" && (scopes.has("read_products") || scopes.has("write_products")));
}

function accessDenied(field: string, scope: string): GraphQLError {
  return new GraphQLError(`Access denied for ${field} field. Required access: \`${scope}\` access scope.`, {
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: `\`${scope}\` access scope.` },
  });
}

/** Parses a global id of the expected type(s); a malformed id is an error, a wrong type is "not found". */
function idOf(value: unknown, ...types: string[]): number | null {
  const parsed = typeof value === "string" ? parseGid(value) : null;
  if (!parsed) throw new GraphQLError(`Invalid global id '${String(value)}'`, { extensions: { code: "argumentLiteralsIncompatible" } });
  return types.includes(parsed.type) ? parsed.id : null;
}

function nodeById(ctx: AdminContext, id: unknown, field: string): unknown {
  const { store } = ctx;
  const parsed = typeof id === "string" ? parseGid(id) : null;
  if (!parsed) throw new GraphQLError(`Invalid global id '${String(id)}'`, { extensions: { code: "argumentLiteralsIncompatible" } });
  const scope = SCOPE_BY_GID_TYPE[parsed.type];
  if (scope && !hasScope(ctx.scopes, scope)) throw accessDenied(field, scope);
  const n = parsed.id;
  switch (parsed.type) {
    case "Shop": return n === store.info.id ? shopView(store) : null;
    case "Product": { const p = store.products.get(n); return p ? productView(store, p) : null; }
    case "ProductVariant": { const v = store.variants.get(n); return v ? variantView(store, v) : null; }
    case "InventoryItem": { const v = store.variantByInventoryItem(n); return v ? inventoryItemView(store, v) : null; }
    case "MediaImage": {
      for (const p of store.products.values()) { const image = p.images.find((i) => i.mediaId === n); if (image) return mediaImageView(p, image); }
      return null;
    }
    case "Collection": { const c = store.collections.get(n); return c ? collectionView(store, c) : null; }
    case "Customer": { const c = store.customers.get(n); return c ? customerView(store, c) : null; }
    case "MailingAddress": {
      const address = [...store.customers.values()].map((c) => c.defaultAddress).find((a) => a?.id === n);
      return address ? mailingAddressView(address) : null;
    }
    case "Order": { const o = store.orders.get(n); return o ? orderView(store, o) : null; }
    case "LineItem": { const found = store.lineItem(n); return found ? lineItemView(store, found.lineItem) : null; }
    case "Fulfillment": { const f = store.fulfillment(n); return f ? fulfillmentView(store, f) : null; }
    case "DiscountCodeNode": { const d = store.discounts.get(n); return d?.method === "code" ? codeDiscountNodeView(store, d) : null; }
    case "DiscountAutomaticNode": { const d = store.discounts.get(n); return d?.method === "automatic" ? automaticDiscountNodeView(store, d) : null; }
    case "DiscountNode": { const d = store.discounts.get(n); return d ? discountNodeView(store, d) : null; }
    // Only the caller's own installation and its metafields are visible to an app.
    case "AppInstallation": return n === store.appInstallation.id ? appInstallationView(store) : null;
    case "Metafield": { const m = [...store.appInstallation.metafields.values()].find((x) => x.id === n); return m ? metafieldView(m) : null; }
    default: return null;
  }
}

const queryRoot: Record<string, RootResolver> = {
  shop: (_args, { store }) => shopView(store),
  currentAppInstallation: (_args, { store }) => appInstallationView(store),
  node: (args, ctx) => nodeById(ctx, args.id, "node"),
  nodes: (args, ctx) => (args.ids as unknown[]).map((id) => nodeById(ctx, id, "nodes")),

  product: (args, { store }) => { const id = idOf(args.id, "Product"); const p = id ? store.products.get(id) : undefined; return p ? productView(store, p) : null; },
  productByHandle: (args, { store }) => { const p = store.productByHandle(String(args.handle)); return p ? productView(store, p) : null; },
  products: (args, { store }) => paginate(listProducts(store, args), args, (p) => p.id, (p) => productView(store, p)),
  productVariant: (args, { store }) => { const id = idOf(args.id, "ProductVariant"); const v = id ? store.variants.get(id) : undefined; return v ? variantView(store, v) : null; },
  productVariants: (args, { store }) => paginate(listVariants(store, args), args, (v) => v.id, (v) => variantView(store, v)),
  collection: (args, { store }) => { const id = idOf(args.id, "Collection"); const c = id ? store.collections.get(id) : undefined; return c ? collectionView(store, c) : null; },
  collections: (args, { store }) => paginate(listCollections(store, args), args, (c) => c.id, (c) => collectionView(store, c)),

  customer: (args, { store }) => { const id = idOf(args.id, "Customer"); const c = id ? store.customers.get(id) : undefined; return c ? customerView(store, c) : null; },
  customers: (args, { store }) => paginate(listCustomers(store, args), args, (c) => c.id, (c) => customerView(store, c)),
  order: (args, { store }) => { const id = idOf(args.id, "Order"); const o = id ? store.orders.get(id) : undefined; return o ? orderView(store, o) : null; },
  orders: (args, { store }) => paginate(listOrders(store, args), args, (o) => o.id, (o) => orderView(store, o)),

  codeDiscountNode: (args, { store }) => { const id = idOf(args.id, "DiscountCodeNode"); const d = id ? store.discounts.get(id) : undefined; return d?.method === "code" ? codeDiscountNodeView(store, d) : null; },
  codeDiscountNodeByCode: (args, { store }) => { const d = store.discountByCode(String(args.code)); return d ? codeDiscountNodeView(store, d) : null; },
  codeDiscountNodes: (args, { store }) => paginate(listDiscounts(store, args, "code"), args, (d) => d.id, (d) => codeDiscountNodeView(store, d)),
  automaticDiscountNode: (args, { store }) => { const id = idOf(args.id, "DiscountAutomaticNode"); const d = id ? store.discounts.get(id) : undefined; return d?.method === "automatic" ? automaticDiscountNodeView(store, d) : null; },
  automaticDiscountNodes: (args, { store }) => paginate(listDiscounts(store, args, "automatic"), args, (d) => d.id, (d) => automaticDiscountNodeView(store, d)),
  discountNode: (args, { store }) => { const id = idOf(args.id, "DiscountNode"); const d = id ? store.discounts.get(id) : undefined; return d ? discountNodeView(store, d) : null; },
  discountNodes: (args, { store }) => paginate(listDiscounts(store, args), args, (d) => d.id, (d) => discountNodeView(store, d)),
};

// ---- mutations ----

interface UserError { field: string[] | null; message: string; code?: string }

interface BasicCodeDiscountInput {
  title?: string | null;
  code?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  appliesOncePerCustomer?: boolean | null;
  usageLimit?: number | null;
  combinesWith?: { productDiscounts?: boolean; orderDiscounts?: boolean; shippingDiscounts?: boolean } | null;
  minimumRequirement?: { subtotal?: { greaterThanOrEqualToSubtotal?: string | null } | null } | null;
  customerGets?: {
    value?: { percentage?: number | null; discountAmount?: { amount?: string | null; appliesOnEachItem?: boolean | null } | null } | null;
    items?: { all?: boolean | null; products?: { productsToAdd?: string[] | null; productVariantsToAdd?: string[] | null } | null; collections?: { add?: string[] | null } | null } | null;
  } | null;
}

function discountCodeBasicCreate(args: Args, ctx: AdminContext) {
  const input = args.basicCodeDiscount as BasicCodeDiscountInput;
  const { store } = ctx;
  const errors: UserError[] = [];
  const at = (...path: string[]) => ["basicCodeDiscount", ...path];
  const code = input.code?.trim() ?? "";
  if (!input.title?.trim()) errors.push({ field: at("title"), message: "Title can't be blank", code: "BLANK" });
  if (!code) errors.push({ field: at("code"), message: "Code can't be blank", code: "BLANK" });
  else if (store.discountByCode(code)) errors.push({ field: at("code"), message: "Code must be unique. Please try a different code.", code: "TAKEN" });
  if (input.endsAt && input.startsAt && Date.parse(input.endsAt) <= Date.parse(input.startsAt)) {
    errors.push({ field: at("endsAt"), message: "Ends at needs to be after starts_at", code: "INVALID" });
  }

  let value: DiscountValue | null = null;
  const gets = input.customerGets;
  if (gets?.value?.percentage != null) {
    if (gets.value.percentage <= 0 || gets.value.percentage > 1) {
      errors.push({ field: at("customerGets", "value", "percentage"), message: "Value must be between 0.0 and 1.0", code: "VALUE_OUTSIDE_RANGE" });
    } else value = { percentage: gets.value.percentage };
  } else if (gets?.value?.discountAmount?.amount != null) {
    value = { amount: Number(gets.value.discountAmount.amount).toFixed(2), appliesOnEachItem: gets.value.discountAmount.appliesOnEachItem ?? false };
  } else {
    errors.push({ field: at("customerGets", "value"), message: "Value can't be blank", code: "BLANK" });
  }

  let items: DiscountItems | null = null;
  const ids = (values: string[] | null | undefined, type: string, path: string[]) =>
    (values ?? []).map((v) => {
      const parsed = parseGid(v);
      const exists = parsed?.type === type && (type === "Product" ? store.products.has(parsed.id) : type === "ProductVariant" ? store.variants.has(parsed.id) : store.collections.has(parsed.id));
      if (!exists) errors.push({ field: at("customerGets", "items", ...path), message: `${type === "Collection" ? "Collection" : "Product"} with id ${v} does not exist`, code: "INVALID" });
      return parsed?.id ?? 0;
    });
  if (gets?.items?.all) items = { all: true };
  else if (gets?.items?.collections?.add?.length) items = { collectionIds: ids(gets.items.collections.add, "Collection", ["collections", "add"]) };
  else if (gets?.items?.products?.productsToAdd?.length || gets?.items?.products?.productVariantsToAdd?.length) {
    items = {
      productIds: ids(gets.items.products.productsToAdd, "Product", ["products", "productsToAdd"]),
      variantIds: ids(gets.items.products.productVariantsToAdd, "ProductVariant", ["products", "productVariantsToAdd"]),
    };
  } else {
    errors.push({ field: at("customerGets", "items"), message: "Items must be specified", code: "APPLIES_ON_NOTHING" });
  }

  if (errors.length > 0 || !value || !items) return { codeDiscountNode: null, userErrors: errors.map((e) => ({ extraInfo: null, ...e })) };
  const discount = store.addDiscount({
    method: "code",
    title: input.title!.trim(),
    code,
    value,
    items,
    combinesWith: input.combinesWith ?? undefined,
    appliesOncePerCustomer: input.appliesOncePerCustomer ?? false,
    usageLimit: input.usageLimit ?? null,
    minimumSubtotal: input.minimumRequirement?.subtotal?.greaterThanOrEqualToSubtotal ?? null,
    startsAt: input.startsAt ? isoSeconds(Date.parse(input.startsAt)) : undefined,
    endsAt: input.endsAt ? isoSeconds(Date.parse(input.endsAt)) : null,
  });
  return { codeDiscountNode: codeDiscountNodeView(store, discount), userErrors: [] };
}

interface CustomerInput {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  locale?: string | null;
  note?: string | null;
  tags?: string[] | null;
  addresses?: { address1?: string; city?: string; provinceCode?: string; zip?: string; countryCode?: string; phone?: string; firstName?: string; lastName?: string }[] | null;
  smsMarketingConsent?: { marketingState: SmsMarketingState; marketingOptInLevel?: string | null; consentUpdatedAt?: string | null } | null;
  emailMarketingConsent?: { marketingState: string } | null;
}

/** Shopify stores phones in E.164; US is the default region for bare numbers. */
function normalizePhone(phone: string): string | null {
  const parsed = parsePhoneNumberFromString(phone, "US");
  return parsed?.isPossible() ? parsed.number : null;
}

function customerCreate(args: Args, ctx: AdminContext) {
  const input = args.input as CustomerInput;
  const { store } = ctx;
  const errors: UserError[] = [];
  const phone = input.phone ? normalizePhone(input.phone) : null;
  if (!input.email && !input.phone && !input.firstName && !input.lastName) {
    errors.push({ field: null, message: "A name, phone number, or email address must be present" });
  }
  if (input.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email)) errors.push({ field: ["email"], message: "Email is invalid" });
  else if (input.email && store.customerByEmail(input.email)) errors.push({ field: ["email"], message: "Email has already been taken" });
  if (input.phone && !phone) errors.push({ field: ["phone"], message: "Phone is invalid" });
  else if (phone && store.customerByPhone(phone)) errors.push({ field: ["phone"], message: "Phone has already been taken" });
  if (errors.length > 0) return { customer: null, userErrors: errors };

  const address = input.addresses?.[0];
  const customer = store.addCustomer({
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email,
    phone,
    locale: input.locale ?? undefined,
    note: input.note,
    tags: input.tags ?? [],
    address: address
      ? { address1: address.address1 ?? null, city: address.city ?? null, province: null, provinceCode: address.provinceCode ?? null, zip: address.zip ?? null, country: null, countryCode: address.countryCode ?? null, phone: address.phone ?? null, firstName: address.firstName, lastName: address.lastName }
      : null,
    emailMarketingState: input.emailMarketingConsent?.marketingState === "SUBSCRIBED" ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
  });
  if (input.smsMarketingConsent && phone) {
    store.updateSmsConsent(customer.id, {
      marketingState: input.smsMarketingConsent.marketingState,
      marketingOptInLevel: (input.smsMarketingConsent.marketingOptInLevel ?? undefined) as never,
      consentUpdatedAt: input.smsMarketingConsent.consentUpdatedAt ?? undefined,
    });
  }
  return { customer: customerView(store, customer), userErrors: [] };
}

function customerSmsMarketingConsentUpdate(args: Args, ctx: AdminContext) {
  const input = args.input as { customerId: string; smsMarketingConsent: { marketingState: SmsMarketingState; marketingOptInLevel?: string | null; consentUpdatedAt?: string | null } };
  const { store } = ctx;
  const id = idOf(input.customerId, "Customer");
  const customer = id ? store.customers.get(id) : undefined;
  const fail = (field: string[], message: string, code: string) => ({ customer: null, userErrors: [{ field, message, code }] });
  if (!customer) return fail(["input", "customerId"], "Customer not found", "INVALID");
  if (!customer.phone) return fail(["input", "smsMarketingConsent"], "A phone number is required to set the SMS consent state.", "INVALID");
  const state = input.smsMarketingConsent.marketingState;
  if (state === "NOT_SUBSCRIBED" || state === "REDACTED") {
    return fail(["input", "smsMarketingConsent", "marketingState"], "Marketing state is not included in the list", "INCLUSION");
  }
  const consentAt = input.smsMarketingConsent.consentUpdatedAt;
  if (consentAt && Date.parse(consentAt) > store.now().getTime()) {
    return fail(["input", "smsMarketingConsent", "consentUpdatedAt"], "Consent updated at cannot be in the future", "INVALID");
  }
  store.updateSmsConsent(customer.id, {
    marketingState: state,
    marketingOptInLevel: (input.smsMarketingConsent.marketingOptInLevel ?? undefined) as never,
    consentUpdatedAt: consentAt ? isoSeconds(Date.parse(consentAt)) : undefined,
  });
  return { customer: customerView(store, customer), userErrors: [] };
}

/** Atomic: any user error and nothing is written (`metafields` is then empty). */
function metafieldsSet(args: Args, { store }: AdminContext) {
  const inputs = args.metafields as MetafieldsSetInput[];
  const checked = validateMetafieldsSet(inputs, { appInstallationId: store.appInstallation.id, appId: store.appId }, (namespace, key) => store.appMetafield(namespace, key));
  if (!checked.ok) return { metafields: [], userErrors: checked.userErrors };
  return { metafields: store.setAppMetafields(checked.metafields).map(metafieldView), userErrors: [] };
}

const mutationRoot: Record<string, RootResolver> = { discountCodeBasicCreate, customerCreate, customerSmsMarketingConsentUpdate, metafieldsSet };

export const SUPPORTED_QUERY_FIELDS = Object.keys(queryRoot);
export const SUPPORTED_MUTATIONS = Object.keys(mutationRoot);

/** Resolves a root field, enforcing its access scope; null (with an error) for fields the stand-in doesn't serve. */
export function resolveRootField(args: Args, ctx: AdminContext, info: GraphQLResolveInfo): unknown {
  const isMutation = info.parentType === info.schema.getMutationType();
  const resolver = (isMutation ? mutationRoot : queryRoot)[info.fieldName];
  if (!resolver) {
    throw new GraphQLError(`The sandbox Shopify stand-in does not serve ${info.parentType.name}.${info.fieldName}`, { extensions: { code: "NOT_IMPLEMENTED_IN_SANDBOX" } });
  }
  const scope = REQUIRED_SCOPE[info.fieldName];
  if (scope && !hasScope(ctx.scopes, scope)) throw accessDenied(info.fieldName, scope);
  return resolver(args, ctx, info);
}
