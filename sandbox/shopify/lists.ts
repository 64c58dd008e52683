// Filtering (`query:`) and ordering (`sortKey:`) of each resource list, shared by root
// fields and nested connections.
import { sortBy } from "./connection";
import { matchesSearch, type SearchSpec } from "./search";
import { discountStatus, toCents, type Collection, type Customer, type Discount, type Order, type Product, type ShopStore, type Variant } from "./state";

export interface ListArgs {
  query?: string | null;
  sortKey?: string | null;
}

const byId = (r: { id: number }) => r.id;
const time = (iso: string | null) => (iso ? Date.parse(iso) : null);

function list<R extends { id: number }>(
  records: Iterable<R>,
  args: ListArgs,
  spec: SearchSpec<R>,
  sortKeys: Record<string, (r: R) => string | number | null>,
): R[] {
  const key = sortKeys[args.sortKey ?? "ID"] ?? byId; // RELEVANCE and unknown keys fall back to id order
  return sortBy([...records].filter((r) => matchesSearch(r, args.query, spec)), key, byId);
}

export function listProducts(store: ShopStore, args: ListArgs, records: Iterable<Product> = store.products.values()): Product[] {
  const inventory = (p: Product) => store.variantsOf(p).reduce((sum, v) => sum + v.inventoryQuantity, 0);
  const spec: SearchSpec<Product> = {
    fields: {
      id: { kind: "number", get: (p) => p.id },
      title: { kind: "text", get: (p) => p.title },
      handle: { kind: "exact", get: (p) => p.handle },
      vendor: { kind: "text", get: (p) => p.vendor },
      product_type: { kind: "text", get: (p) => p.productType },
      tag: { kind: "tag", get: (p) => p.tags },
      status: { kind: "exact", get: (p) => p.status.toLowerCase() },
      sku: { kind: "exact", get: (p) => store.variantsOf(p).map((v) => v.sku ?? "") },
      inventory_total: { kind: "number", get: inventory },
      out_of_stock_somewhere: { kind: "boolean", get: (p) => store.variantsOf(p).some((v) => v.inventoryQuantity <= 0) },
      created_at: { kind: "date", get: (p) => p.createdAt },
      updated_at: { kind: "date", get: (p) => p.updatedAt },
      published_at: { kind: "date", get: (p) => p.publishedAt },
    },
    freeText: (p) => [p.title, p.vendor, p.productType, p.handle, ...p.tags],
  };
  return list(records, args, spec, {
    TITLE: (p) => p.title,
    CREATED_AT: (p) => time(p.createdAt),
    UPDATED_AT: (p) => time(p.updatedAt),
    PUBLISHED_AT: (p) => time(p.publishedAt),
    PRODUCT_TYPE: (p) => p.productType,
    VENDOR: (p) => p.vendor,
    INVENTORY_TOTAL: inventory,
  });
}

export function listVariants(store: ShopStore, args: ListArgs, records: Iterable<Variant> = store.variants.values()): Variant[] {
  const productTitle = (v: Variant) => store.products.get(v.productId)?.title ?? "";
  const spec: SearchSpec<Variant> = {
    fields: {
      id: { kind: "number", get: (v) => v.id },
      product_id: { kind: "number", get: (v) => v.productId },
      sku: { kind: "exact", get: (v) => v.sku },
      barcode: { kind: "exact", get: (v) => v.barcode },
      title: { kind: "text", get: (v) => v.title },
      inventory_quantity: { kind: "number", get: (v) => v.inventoryQuantity },
      product_status: { kind: "exact", get: (v) => store.products.get(v.productId)?.status.toLowerCase() },
      updated_at: { kind: "date", get: (v) => v.updatedAt },
    },
    freeText: (v) => [v.title, v.sku, productTitle(v)],
  };
  return list(records, args, spec, {
    POSITION: (v) => v.position,
    SKU: (v) => v.sku,
    TITLE: (v) => v.title,
    NAME: (v) => `${productTitle(v)} - ${v.title}`,
    FULL_TITLE: (v) => `${productTitle(v)} - ${v.title}`,
    INVENTORY_QUANTITY: (v) => v.inventoryQuantity,
    INVENTORY_LEVELS_AVAILABLE: (v) => v.inventoryQuantity,
  });
}

export function listCollections(store: ShopStore, args: ListArgs, records: Iterable<Collection> = store.collections.values()): Collection[] {
  const spec: SearchSpec<Collection> = {
    fields: {
      id: { kind: "number", get: (c) => c.id },
      title: { kind: "text", get: (c) => c.title },
      handle: { kind: "exact", get: (c) => c.handle },
      product_id: { kind: "number", get: (c) => c.productIds.map(String) },
      updated_at: { kind: "date", get: (c) => c.updatedAt },
    },
    freeText: (c) => [c.title, c.handle],
  };
  return list(records, args, spec, { TITLE: (c) => c.title, UPDATED_AT: (c) => time(c.updatedAt) });
}

export function listCustomers(store: ShopStore, args: ListArgs, records: Iterable<Customer> = store.customers.values()): Customer[] {
  const spec: SearchSpec<Customer> = {
    fields: {
      id: { kind: "number", get: (c) => c.id },
      email: { kind: "exact", get: (c) => c.email },
      phone: { kind: "phone", get: (c) => c.phone },
      first_name: { kind: "text", get: (c) => c.firstName },
      last_name: { kind: "text", get: (c) => c.lastName },
      tag: { kind: "tag", get: (c) => c.tags },
      state: { kind: "exact", get: (c) => c.state.toLowerCase() },
      country: { kind: "text", get: (c) => c.defaultAddress?.country },
      province_code: { kind: "exact", get: (c) => c.defaultAddress?.provinceCode },
      orders_count: { kind: "number", get: (c) => store.customerTotals(c.id).numberOfOrders },
      total_spent: { kind: "number", get: (c) => Number(store.customerTotals(c.id).amountSpent) },
      sms_marketing_state: { kind: "exact", get: (c) => c.smsMarketingConsent?.marketingState.toLowerCase() },
      email_marketing_state: { kind: "exact", get: (c) => c.emailMarketingState.toLowerCase() },
      created_at: { kind: "date", get: (c) => c.createdAt },
      updated_at: { kind: "date", get: (c) => c.updatedAt },
    },
    freeText: (c) => [c.firstName, c.lastName, `${c.firstName ?? ""} ${c.lastName ?? ""}`, c.email, c.phone],
  };
  return list(records, args, spec, {
    NAME: (c) => `${c.lastName ?? ""} ${c.firstName ?? ""}`.trim() || null,
    CREATED_AT: (c) => time(c.createdAt),
    UPDATED_AT: (c) => time(c.updatedAt),
    LOCATION: (c) => c.defaultAddress?.provinceCode ?? null,
  });
}

export function listOrders(store: ShopStore, args: ListArgs, records: Iterable<Order> = store.orders.values()): Order[] {
  const customerName = (o: Order) => {
    const c = o.customerId ? store.customers.get(o.customerId) : undefined;
    return c ? `${c.firstName ?? ""} ${c.lastName ?? ""}`.trim() : null;
  };
  const fulfillmentWords = (o: Order) =>
    ({ UNFULFILLED: ["unfulfilled", "unshipped"], PARTIALLY_FULFILLED: ["partial"], FULFILLED: ["fulfilled", "shipped"] })[store.fulfillmentStatus(o)];
  const spec: SearchSpec<Order> = {
    fields: {
      id: { kind: "number", get: (o) => o.id },
      name: { kind: "exact", get: (o) => [o.name, o.name.replace(/^#/, "")] },
      customer_id: { kind: "number", get: (o) => o.customerId },
      email: { kind: "exact", get: (o) => o.email },
      phone: { kind: "phone", get: (o) => o.phone },
      created_at: { kind: "date", get: (o) => o.createdAt },
      processed_at: { kind: "date", get: (o) => o.processedAt },
      updated_at: { kind: "date", get: (o) => o.updatedAt },
      financial_status: { kind: "exact", get: (o) => o.financialStatus.toLowerCase() },
      fulfillment_status: { kind: "exact", get: fulfillmentWords },
      status: { kind: "exact", get: (o) => (o.cancelledAt ? "cancelled" : o.closedAt ? "closed" : "open") },
      discount_code: { kind: "exact", get: (o) => o.discountCodes },
      sku: { kind: "exact", get: (o) => o.lineItems.map((l) => l.sku ?? "") },
      tag: { kind: "tag", get: (o) => o.tags },
      test: { kind: "boolean", get: (o) => o.test },
    },
    freeText: (o) => [o.name, o.email, o.phone, customerName(o)],
  };
  return list(records, args, spec, {
    CREATED_AT: (o) => time(o.createdAt),
    PROCESSED_AT: (o) => time(o.processedAt),
    UPDATED_AT: (o) => time(o.updatedAt),
    ORDER_NUMBER: (o) => o.number,
    TOTAL_PRICE: (o) => toCents(o.total),
    CUSTOMER_NAME: customerName,
    FINANCIAL_STATUS: (o) => o.financialStatus,
    FULFILLMENT_STATUS: (o) => store.fulfillmentStatus(o),
    TOTAL_ITEMS_QUANTITY: (o) => o.lineItems.reduce((sum, l) => sum + l.quantity, 0),
  });
}

export function listDiscounts(store: ShopStore, args: ListArgs, method?: Discount["method"]): Discount[] {
  const records = [...store.discounts.values()].filter((d) => !method || d.method === method);
  const spec: SearchSpec<Discount> = {
    fields: {
      id: { kind: "number", get: (d) => d.id },
      code: { kind: "exact", get: (d) => d.codes.map((c) => c.code) },
      title: { kind: "text", get: (d) => d.title },
      status: { kind: "exact", get: (d) => discountStatus(d, store.now()).toLowerCase() },
      method: { kind: "exact", get: (d) => d.method },
      discount_type: { kind: "exact", get: (d) => ("percentage" in d.value ? "percentage" : "fixed_amount") },
      type: { kind: "exact", get: (d) => ("percentage" in d.value ? "percentage" : "fixed_amount") },
      starts_at: { kind: "date", get: (d) => d.startsAt },
      ends_at: { kind: "date", get: (d) => d.endsAt },
      created_at: { kind: "date", get: (d) => d.createdAt },
      updated_at: { kind: "date", get: (d) => d.updatedAt },
    },
    freeText: (d) => [d.title, ...d.codes.map((c) => c.code)],
  };
  return list(records, args, spec, {
    TITLE: (d) => d.title,
    CREATED_AT: (d) => time(d.createdAt),
    UPDATED_AT: (d) => time(d.updatedAt),
    STARTS_AT: (d) => time(d.startsAt),
    ENDS_AT: (d) => time(d.endsAt),
  });
}
