// Shared by this folder's tests: a seeded stand-in and a tiny GraphQL caller that talks
// to it the way the edge preload does (original host in X-Forwarded-Host).
import { existsSync } from "node:fs";
import { seedDemoStore } from "./catalog";
import { INTROSPECTION_PATH, type AdminSchemaSource } from "./schema";
import { startShopifyAdmin, type ShopifyAdminOptions, type ShopifyAdminServer } from "./server";

export const SHOP = "lumen-and-leaf.myshopify.com";
export const API_KEY = "testApiKey";
export const API_SECRET = "testApiSecretKey";
export const SCOPES = ["read_products", "read_orders", "write_customers", "write_discounts"];
export const HAS_INTROSPECTION = existsSync(INTROSPECTION_PATH);
export const MISSING_INTROSPECTION = `needs ${INTROSPECTION_PATH} (Shopify's Admin schema from ../shared/data); absent here`;

export interface GraphQLResponse {
  status: number;
  body: {
    data?: Record<string, any> | null;
    errors?: { message: string; locations?: unknown; path?: unknown[]; extensions?: Record<string, any> }[];
    extensions?: { cost: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } } };
  };
}

export async function startDemoAdmin(options: Partial<ShopifyAdminOptions> & { schema?: AdminSchemaSource } = {}) {
  const server: ShopifyAdminServer = await startShopifyAdmin({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    scopes: SCOPES,
    seed: (state, { url }) => seedDemoStore(state, SHOP, { baseUrl: url }),
    ...options,
  });
  const token = server.issueAccessToken(SHOP);
  async function graphql(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
    const response = await fetch(`${server.url}/admin/api/2025-01/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "X-Forwarded-Host": SHOP, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: await response.json() };
  }
  return { server, token, graphql, store: server.state.requireShop(SHOP) };
}
