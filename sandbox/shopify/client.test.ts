// The official @shopify/shopify-api library against the stand-in, through a fetch that
// does what the edge preload does: https://<shop>.myshopify.com → stand-in, host kept.
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, GraphqlQueryError, LogSeverity, RequestedTokenType, shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY, API_SECRET, SCOPES, SHOP, startDemoAdmin } from "./test-support";

describe("@shopify/shopify-api against the stand-in", () => {
  let admin: Awaited<ReturnType<typeof startDemoAdmin>>;
  const seenHosts: string[] = [];
  const shopify = shopifyApi({
    apiKey: API_KEY,
    apiSecretKey: API_SECRET,
    scopes: SCOPES,
    hostName: "concierge.example",
    apiVersion: ApiVersion.January25,
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
  });

  beforeAll(async () => {
    admin = await startDemoAdmin();
    setAbstractFetchFunc(async (input, init) => {
      const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
      if (!url.hostname.endsWith(".myshopify.com")) throw new Error(`unexpected request to ${url}`);
      seenHosts.push(url.host);
      const headers = new Headers(init?.headers);
      headers.set("X-Forwarded-Host", url.host);
      return fetch(new URL(url.pathname + url.search, admin.server.url), { ...init, headers });
    });
  });
  afterAll(() => admin.server.close());

  it("exchanges a session token and queries with the library's GraphQL client", async () => {
    const { token } = await getJwt(SHOP.replace(".myshopify.com", ""), API_KEY, API_SECRET);
    const { session } = await shopify.auth.tokenExchange({ shop: SHOP, sessionToken: token, requestedTokenType: RequestedTokenType.OfflineAccessToken });
    expect(session.accessToken).toMatch(/^shpat_/);
    expect(session.scope).toBe(SCOPES.join(","));

    const client = new shopify.clients.Graphql({ session });
    const response = await client.request(
      `query Products($first: Int!, $query: String) {
        shop { name }
        products(first: $first, query: $query) { nodes { title variants(first: 3) { nodes { price availableForSale } } } pageInfo { hasNextPage } }
      }`,
      { variables: { first: 5, query: "tag:hydrating" } },
    );
    expect(response.data?.shop.name).toBe("Lumen & Leaf");
    expect(response.data?.products.nodes).toEqual([
      { title: "Dewdrop Hydrating Serum", variants: { nodes: [{ price: "38.00", availableForSale: true }, { price: "54.00", availableForSale: true }] } },
    ]);
    expect(response.extensions?.cost).toMatchObject({ requestedQueryCost: expect.any(Number), actualQueryCost: expect.any(Number) });
    expect(seenHosts).toContain(SHOP);
  });

  it("surfaces the stand-in's validation errors as the library's GraphqlQueryError", async () => {
    const session = shopify.session.customAppSession(SHOP);
    session.accessToken = admin.token;
    const client = new shopify.clients.Graphql({ session });
    const error = await client.request(`{ shop { nickname } }`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphqlQueryError);
    expect((error as GraphqlQueryError).body?.errors).toMatchObject({
      graphQLErrors: [{ message: "Field 'nickname' doesn't exist on type 'Shop'", extensions: { code: "undefinedField" } }],
    });
  });
});
