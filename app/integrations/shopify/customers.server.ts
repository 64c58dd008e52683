// The shopper as Shopify knows them: customer record, lifetime value and recent orders,
// for the inbox thread. Also the storefront links of the products the shop's templates
// point at, fetched in the same round trip so the thread needs one Admin call.
// Every GraphQL document here is validated against the Admin schema by documents.test.ts.
export const SHOPPER_PROFILE_QUERY = `#graphql
  query ShopperProfile($query: String!, $productIds: [ID!]!) {
    customers(first: 1, query: $query) {
      nodes {
        id
        displayName
        email
        phone
        amountSpent {
          amount
          currencyCode
        }
        numberOfOrders
        orders(first: 5, reverse: true) {
          nodes {
            id
            name
            createdAt
            displayFinancialStatus
            displayFulfillmentStatus
            totalPriceSet {
              shopMoney {
                amount
                currencyCode
              }
            }
          }
        }
      }
    }
    templateProducts: nodes(ids: $productIds) {
      ... on Product {
        id
        handle
        onlineStoreUrl
      }
    }
  }
`;

type Money = { amount: string; currencyCode: string };

type ShopperProfileData = {
  customers: {
    nodes: Array<{
      id: string;
      displayName: string;
      email: string | null;
      phone: string | null;
      amountSpent: Money;
      numberOfOrders: string | number;
      orders: {
        nodes: Array<{
          id: string;
          name: string;
          createdAt: string;
          displayFinancialStatus: string | null;
          displayFulfillmentStatus: string;
          totalPriceSet: { shopMoney: Money };
        }>;
      };
    }>;
  };
  templateProducts: Array<{ id?: string; handle?: string; onlineStoreUrl?: string | null } | null>;
};

export type CustomerProfile = {
  id: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  lifetimeValue: Money;
  numberOfOrders: number;
  orders: Array<{
    id: string;
    name: string;
    createdAt: string;
    financialStatus: string | null;
    fulfillmentStatus: string;
    total: Money;
  }>;
};

export type ShopifyThreadContext = {
  /** null when no Shopify customer has the shopper's phone or email. */
  customer: CustomerProfile | null;
  /** Product gid → storefront URL, for {{product.url}} in templates. */
  productUrls: Record<string, string>;
};

/** `admin.graphql` from authenticate.admin, narrowed to what this file uses. */
export type AdminGraphqlRequest = (
  query: string,
  options: { variables: Record<string, unknown>; signal: AbortSignal },
) => Promise<Response>;

/** Shopify search syntax: phone OR email, quoted so `+` and `@` are taken literally. */
export function customerSearchQuery(shopper: { phone: string; email: string | null }): string {
  const quote = (v: string) => `"${v.replace(/["\\]/g, "")}"`;
  return [`phone:${quote(shopper.phone)}`, ...(shopper.email ? [`email:${quote(shopper.email)}`] : [])].join(" OR ");
}

// The thread revalidates on every live event; a short cache keeps those reloads off the
// Admin API. Failures are cached briefly too, so an outage doesn't slow every reload.
const cache = new Map<string, { at: number; value: ShopifyThreadContext | null }>();
const CACHE_MS = 60_000;
const FAILURE_CACHE_MS = 15_000;
const CACHE_MAX = 500;
const TIMEOUT_MS = 2_500;

/**
 * The shopper's Shopify profile, or null when Shopify can't be reached (network, auth,
 * throttling, timeout). The inbox works without it, so this never throws.
 */
export async function fetchShopifyThreadContext(
  graphql: AdminGraphqlRequest,
  shop: string,
  shopper: { id: string; phone: string; email: string | null },
  productIds: string[],
  now = Date.now(),
): Promise<ShopifyThreadContext | null> {
  const key = `${shop}|${shopper.id}|${shopper.phone}|${shopper.email ?? ""}|${[...productIds].sort().join(",")}`;
  const hit = cache.get(key);
  if (hit && now - hit.at < (hit.value ? CACHE_MS : FAILURE_CACHE_MS)) return hit.value;

  let value: ShopifyThreadContext | null = null;
  try {
    const response = await graphql(SHOPPER_PROFILE_QUERY, {
      variables: { query: customerSearchQuery(shopper), productIds },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await response.json()) as { data?: ShopperProfileData; errors?: unknown };
    if (body.data && !body.errors) value = toContext(body.data, shop);
  } catch (error) {
    // A thrown Response is App Bridge re-auth; a quiet "unavailable" is the right answer here.
    if (!(error instanceof Response)) console.warn(`[shopify] shopper profile unavailable for ${shop}: ${(error as Error).message}`);
  }
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, { at: now, value });
  return value;
}

function toContext(data: ShopperProfileData, shop: string): ShopifyThreadContext {
  const c = data.customers.nodes[0];
  const productUrls: Record<string, string> = {};
  for (const p of data.templateProducts) {
    if (!p?.id) continue;
    // Unpublished products have no storefront URL; the handle path still works on the myshopify domain.
    const url = p.onlineStoreUrl ?? (p.handle ? `https://${shop}/products/${p.handle}` : null);
    if (url) productUrls[p.id] = url;
  }
  return {
    productUrls,
    customer: c
      ? {
          id: c.id,
          displayName: c.displayName,
          email: c.email,
          phone: c.phone,
          lifetimeValue: c.amountSpent,
          numberOfOrders: Number(c.numberOfOrders),
          orders: c.orders.nodes.map((o) => ({
            id: o.id,
            name: o.name,
            createdAt: o.createdAt,
            financialStatus: o.displayFinancialStatus,
            fulfillmentStatus: o.displayFulfillmentStatus,
            total: o.totalPriceSet.shopMoney,
          })),
        }
      : null,
  };
}
