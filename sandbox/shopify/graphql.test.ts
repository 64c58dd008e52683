// The Admin GraphQL endpoint over HTTP, against the real schema (when present) and the subset.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPERT_CODE } from "./catalog";
import { gid } from "./state";
import { HAS_INTROSPECTION, MISSING_INTROSPECTION, SHOP, startDemoAdmin } from "./test-support";

const sources = [
  { source: "introspection" as const, skip: !HAS_INTROSPECTION, note: HAS_INTROSPECTION ? "" : ` [skipped: ${MISSING_INTROSPECTION}]` },
  { source: "subset" as const, skip: false, note: "" },
];

for (const { source, skip, note } of sources) {
  describe.skipIf(skip)(`Admin GraphQL stand-in (${source} schema)${note}`, () => {
    let admin: Awaited<ReturnType<typeof startDemoAdmin>>;
    beforeAll(async () => {
      admin = await startDemoAdmin({ schema: source });
      expect(admin.server.schemaSource).toBe(source);
    });
    afterAll(() => admin.server.close());

    it("answers a valid document with the shop's data", async () => {
      const { status, body } = await admin.graphql(`{ shop { name myshopifyDomain currencyCode ianaTimezone plan { displayName } primaryDomain { url } } }`);
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data!.shop).toEqual({
        name: "Lumen & Leaf",
        myshopifyDomain: SHOP,
        currencyCode: "USD",
        ianaTimezone: "America/New_York",
        plan: { displayName: "Development" },
        primaryDomain: { url: "https://lumenandleaf.example" },
      });
    });

    it("pages through products with cursors, forwards and backwards, without gaps or repeats", async () => {
      const page = `query Page($first: Int, $after: String, $last: Int, $before: String) {
        products(first: $first, after: $after, last: $last, before: $before, sortKey: TITLE) {
          edges { cursor node { title } }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        }
      }`;
      const titles: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const { body } = await admin.graphql(page, { first: 10, after });
        const connection = body.data!.products;
        titles.push(...connection.edges.map((e: { node: { title: string } }) => e.node.title));
        expect(connection.pageInfo.hasPreviousPage).toBe(pages > 0);
        pages += 1;
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(pages).toBe(Math.ceil(admin.store.products.size / 10));
      expect(titles).toEqual([...admin.store.products.values()].map((p) => p.title).sort((a, b) => a.localeCompare(b)));

      const { body: second } = await admin.graphql(page, { first: 10 });
      const { body: back } = await admin.graphql(page, { last: 3, before: second.data!.products.pageInfo.endCursor });
      expect(back.data!.products.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(titles.slice(6, 9));
      expect(back.data!.products.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    });

    it("filters with Shopify's search syntax", async () => {
      const { body } = await admin.graphql(`{
        serums: products(first: 20, query: "title:*serum*") { nodes { title } }
        soldOut: productVariants(first: 50, query: "inventory_quantity:<=0") { nodes { sku availableForSale } }
        florida: customers(first: 5, query: "phone:+13055550142") { nodes { firstName phone defaultAddress { provinceCode } } }
        byEmail: customers(first: 5, query: "email:james.carter@example.com") { nodes { lastName } }
      }`);
      expect(body.errors).toBeUndefined();
      expect(body.data!.serums.nodes.map((n: { title: string }) => n.title).sort()).toEqual(["Dewdrop Hydrating Serum", "Lumen Vitamin C Brightening Serum"]);
      expect(body.data!.soldOut.nodes.length).toBeGreaterThanOrEqual(3);
      expect(body.data!.soldOut.nodes.every((v: { availableForSale: boolean }) => v.availableForSale === false)).toBe(true);
      expect(body.data!.florida.nodes).toEqual([{ firstName: "Maria", phone: "+13055550142", defaultAddress: { provinceCode: "FL" } }]);
      expect(body.data!.byEmail.nodes).toEqual([{ lastName: "Carter" }]);
    });

    it("serves a customer's orders, by customer_id and date, with line items and fulfillments", async () => {
      const maria = admin.store.customerByPhone("+13055550142")!;
      const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
      const { body } = await admin.graphql(
        `query Orders($q: String!, $id: ID!) {
          orders(first: 20, query: $q, sortKey: CREATED_AT, reverse: true) {
            nodes { name createdAt customer { id } totalPriceSet { shopMoney { amount currencyCode } }
              lineItems(first: 3) { nodes { quantity variant { sku } originalUnitPriceSet { shopMoney { amount } } } }
              displayFulfillmentStatus fulfillments(first: 3) { displayStatus trackingInfo { company number url } } }
          }
          customer(id: $id) { numberOfOrders amountSpent { amount } orders(first: 50) { nodes { id } } }
        }`,
        { q: `customer_id:${maria.id} created_at:>=${since}`, id: gid("Customer", maria.id) },
      );
      expect(body.errors).toBeUndefined();
      const expected = admin.store.ordersOf(maria.id).filter((o) => o.createdAt >= since.replace(/\.\d+Z$/, "Z"));
      const nodes = body.data!.orders.nodes;
      expect(nodes.map((o: { name: string }) => o.name)).toEqual(expected.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((o) => o.name));
      expect(nodes.every((o: { customer: { id: string } }) => o.customer.id === gid("Customer", maria.id))).toBe(true);
      const shipped = nodes.find((o: { displayFulfillmentStatus: string }) => o.displayFulfillmentStatus === "FULFILLED");
      expect(shipped?.fulfillments[0].trackingInfo[0]).toMatchObject({ company: expect.any(String), number: expect.any(String) });
      expect(Number(body.data!.customer.numberOfOrders)).toBe(admin.store.ordersOf(maria.id).length);
      expect(body.data!.customer.orders.nodes).toHaveLength(admin.store.ordersOf(maria.id).length);
    });

    it("resolves node(id) and nodes(ids) by type", async () => {
      const product = [...admin.store.products.values()][0];
      const order = [...admin.store.orders.values()][0];
      const { body } = await admin.graphql(`query N($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Product { handle } ... on Order { name } } }`, {
        ids: [gid("Product", product.id), gid("Order", order.id), gid("Product", 1)],
      });
      expect(body.data!.nodes).toEqual([
        { __typename: "Product", id: gid("Product", product.id), handle: product.handle },
        { __typename: "Order", id: gid("Order", order.id), name: order.name },
        null,
      ]);
    });

    it("rejects an unknown field with a Shopify-shaped error and no data", async () => {
      const { status, body } = await admin.graphql(`query ShopName { shop { name nickname } }`);
      expect(status).toBe(200);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([{
        message: "Field 'nickname' doesn't exist on type 'Shop'",
        locations: [{ line: 1, column: 30 }],
        path: ["query ShopName", "shop", "nickname"],
        extensions: { code: "undefinedField", typeName: "Shop", fieldName: "nickname" },
      }]);
    });

    it("reports missing required arguments and bad variables the way Shopify does", async () => {
      const missing = await admin.graphql(`{ product { title } }`);
      expect(missing.body.errors?.[0]).toMatchObject({ message: "Field 'product' is missing required arguments: id", extensions: { code: "missingRequiredArguments" } });
      const badVariable = await admin.graphql(`query P($id: ID!) { product(id: $id) { title } }`, {});
      expect(badVariable.body.errors?.[0]).toMatchObject({ message: "Variable $id of type ID! was provided invalid value", extensions: { code: "INVALID_VARIABLE" } });
      const syntax = await admin.graphql(`{ shop { name } }}`);
      expect(syntax.body).toEqual({ errors: [{ message: 'Parse error on "}" (RCURLY) at [1, 18]', locations: [{ line: 1, column: 18 }] }] });
    });

    it("reports cost like Shopify: requested from first/last, actual from what came back, taken from the bucket", async () => {
      const query = `{ products(first: 10, query: "title:*serum*") { edges { node { title variants(first: 5) { edges { node { price } } } } } } }`;
      const started = Date.now();
      const { body } = await admin.graphql(query);
      const cost = body.extensions!.cost;
      // 2 + 10 × (1 product + 2 + 5 × 1 variant)
      expect(cost.requestedQueryCost).toBe(82);
      const variants = body.data!.products.edges.reduce((sum: number, e: { node: { variants: { edges: unknown[] } } }) => sum + e.node.variants.edges.length, 0);
      const actual = 2 + body.data!.products.edges.length * 3 + variants;
      expect(cost.actualQueryCost).toBe(actual);
      expect(cost.throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });

      const { body: again } = await admin.graphql(query);
      const restored = Math.ceil((100 * (Date.now() - started)) / 1000) + 1;
      const before = cost.throttleStatus.currentlyAvailable;
      const after = again.extensions!.cost.throttleStatus.currentlyAvailable;
      expect(after).toBeGreaterThanOrEqual(before - actual - 1);
      expect(after).toBeLessThanOrEqual(Math.min(2000, before - actual + restored));
    });

    it("creates a code discount that codeDiscountNodes then lists, and refuses a duplicate code", async () => {
      const skinCare = [...admin.store.collections.values()].find((c) => c.handle === "skin-care")!;
      const create = `mutation Create($input: DiscountCodeBasicInput!) {
        discountCodeBasicCreate(basicCodeDiscount: $input) {
          codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { title status codes(first: 1) { nodes { code } } } } }
          userErrors { field message code }
        }
      }`;
      const input = {
        title: "Concierge: Maria 10% off",
        code: "MARIA-10",
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        customerSelection: { all: true },
        customerGets: { value: { percentage: 0.1 }, items: { collections: { add: [gid("Collection", skinCare.id)] } } },
        combinesWith: { productDiscounts: false, orderDiscounts: false, shippingDiscounts: true },
      };
      const created = await admin.graphql(create, { input });
      expect(created.body.errors).toBeUndefined();
      expect(created.body.extensions!.cost.requestedQueryCost).toBe(10);
      const payload = created.body.data!.discountCodeBasicCreate;
      expect(payload.userErrors).toEqual([]);
      expect(payload.codeDiscountNode.codeDiscount).toEqual({ title: input.title, status: "ACTIVE", codes: { nodes: [{ code: "MARIA-10" }] } });

      const listed = await admin.graphql(`{ codeDiscountNodes(first: 20, query: "code:MARIA-10") { nodes { id codeDiscount { ... on DiscountCodeBasic { title } } } } }`);
      expect(listed.body.data!.codeDiscountNodes.nodes).toEqual([{ id: payload.codeDiscountNode.id, codeDiscount: { title: input.title } }]);

      for (const code of ["maria-10", EXPERT_CODE]) {
        const duplicate = await admin.graphql(create, { input: { ...input, code } });
        expect(duplicate.body.data!.discountCodeBasicCreate).toEqual({
          codeDiscountNode: null,
          userErrors: [{ field: ["basicCodeDiscount", "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" }],
        });
      }
    });

    it("shows the offer conflict: EXPERT15 and the sitewide Holiday 40 don't combine", async () => {
      const { body } = await admin.graphql(`{
        discountNodes(first: 10, query: "status:active") { nodes { discount { __typename
          ... on DiscountCodeBasic { title combinesWith { productDiscounts orderDiscounts } customerGets { value { ... on DiscountPercentage { percentage } } items { __typename } } }
          ... on DiscountAutomaticBasic { title combinesWith { productDiscounts orderDiscounts } customerGets { value { ... on DiscountPercentage { percentage } } items { __typename } } } } } }
      }`);
      const discounts = body.data!.discountNodes.nodes.map((n: { discount: unknown }) => n.discount);
      expect(discounts).toEqual(expect.arrayContaining([
        { __typename: "DiscountCodeBasic", title: expect.stringContaining("15%"), combinesWith: { productDiscounts: false, orderDiscounts: false }, customerGets: { value: { percentage: 0.15 }, items: { __typename: "DiscountCollections" } } },
        { __typename: "DiscountAutomaticBasic", title: "Holiday 40", combinesWith: { productDiscounts: false, orderDiscounts: false }, customerGets: { value: { percentage: 0.4 }, items: { __typename: "AllDiscountItems" } } },
      ]));
    });

    it("updates SMS consent and creates customers, with userErrors for duplicates", async () => {
      const james = admin.store.customerByEmail("james.carter@example.com")!;
      const consent = await admin.graphql(
        `mutation C($input: CustomerSmsMarketingConsentUpdateInput!) { customerSmsMarketingConsentUpdate(input: $input) { customer { smsMarketingConsent { marketingState marketingOptInLevel consentCollectedFrom } } userErrors { field message code } } }`,
        { input: { customerId: gid("Customer", james.id), smsMarketingConsent: { marketingState: "UNSUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN" } } },
      );
      expect(consent.body.data!.customerSmsMarketingConsentUpdate).toEqual({
        customer: { smsMarketingConsent: { marketingState: "UNSUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", consentCollectedFrom: "OTHER" } },
        userErrors: [],
      });
      expect(james.smsMarketingConsent?.marketingState).toBe("UNSUBSCRIBED");

      const create = `mutation N($input: CustomerInput!) { customerCreate(input: $input) { customer { id phone } userErrors { field message } } }`;
      const created = await admin.graphql(create, { input: { firstName: "Nia", lastName: "Okafor", phone: "(786) 555-0175", email: "nia@example.com" } });
      expect(created.body.data!.customerCreate.customer.phone).toBe("+17865550175");
      const again = await admin.graphql(create, { input: { firstName: "Nia", phone: "+17865550175" } });
      expect(again.body.data!.customerCreate).toEqual({ customer: null, userErrors: [{ field: ["phone"], message: "Phone has already been taken" }] });
    });

    it("denies fields outside the token's scopes", async () => {
      const token = admin.server.issueAccessToken(SHOP, { scopes: ["read_products"] });
      const { body } = await admin.graphql(`{ shop { name } orders(first: 1) { nodes { id } } }`, {}, { "X-Shopify-Access-Token": token });
      expect(body.data).toBeNull();
      expect(body.errors?.[0]).toMatchObject({
        message: "Access denied for orders field. Required access: `read_orders` access scope.",
        path: ["orders"],
        extensions: { code: "ACCESS_DENIED" },
      });
    });
  });
}

describe("Admin GraphQL stand-in: access and throttling", () => {
  it("answers 401 without a token, with a token it didn't issue, or with another shop's token", async () => {
    const admin = await startDemoAdmin({ schema: "subset" });
    try {
      const otherShopToken = admin.server.issueAccessToken("other-shop.myshopify.com");
      for (const headers of [{ "X-Shopify-Access-Token": "" }, { "X-Shopify-Access-Token": "shpat_00000000000000000000000000000000" }, { "X-Shopify-Access-Token": otherShopToken }]) {
        const { status, body } = await admin.graphql(`{ shop { name } }`, {}, headers);
        expect(status).toBe(401);
        expect(body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
      }
      expect((await admin.graphql(`{ shop { name } }`)).status).toBe(200);
    } finally {
      await admin.server.close();
    }
  });

  it("answers 404 for a shop it doesn't know, and finds the shop from Host or ?shop= too", async () => {
    const admin = await startDemoAdmin({ schema: "subset" });
    try {
      const unknown = await admin.graphql(`{ shop { name } }`, {}, { "X-Forwarded-Host": "nobody.myshopify.com" });
      expect(unknown.status).toBe(404);
      const viaQuery = await fetch(`${admin.server.url}/admin/api/2025-01/graphql.json?shop=${SHOP}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": admin.token },
        body: JSON.stringify({ query: "{ shop { myshopifyDomain } }" }),
      });
      expect((await viaQuery.json()).data.shop.myshopifyDomain).toBe(SHOP);
    } finally {
      await admin.server.close();
    }
  });

  it("throttles when the bucket can't cover the requested cost, then recovers", async () => {
    const admin = await startDemoAdmin({ schema: "subset", rateLimit: { maximumAvailable: 60, restoreRate: 20 } });
    try {
      // requested 2 + 25 × 1 = 27; the catalog has fewer than 25 products but actual cost is still 2 + n.
      const query = `{ products(first: 25) { nodes { id } } }`;
      const first = await admin.graphql(query);
      expect(first.body.errors).toBeUndefined();
      const expectedActual = 2 + Math.min(25, admin.store.products.size);
      expect(first.body.extensions!.cost).toMatchObject({ requestedQueryCost: 27, actualQueryCost: expectedActual });

      let throttled: Awaited<ReturnType<typeof admin.graphql>> | undefined;
      for (let i = 0; i < 10 && !throttled; i++) {
        const response = await admin.graphql(query);
        if (response.body.errors) throttled = response;
      }
      expect(throttled).toBeDefined();
      expect(throttled!.status).toBe(200);
      expect(throttled!.body).toEqual({
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: { cost: { requestedQueryCost: 27, actualQueryCost: null, throttleStatus: { maximumAvailable: 60, currentlyAvailable: expect.any(Number), restoreRate: 20 } } },
      });
      expect(throttled!.body.extensions!.cost.throttleStatus.currentlyAvailable).toBeLessThan(27);

      await new Promise((resolve) => setTimeout(resolve, 1500)); // 20/s restores ≥ 27 points
      expect((await admin.graphql(query)).body.errors).toBeUndefined();
    } finally {
      await admin.server.close();
    }
  });

  it("refuses a single query above the 1000-point maximum", async () => {
    const admin = await startDemoAdmin({ schema: "subset" });
    try {
      const { body } = await admin.graphql(`{ products(first: 250) { nodes { variants(first: 10) { nodes { id } } } } }`);
      expect(body.errors?.[0].extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", cost: 2 + 250 * 13, maxCost: 1000 });
    } finally {
      await admin.server.close();
    }
  });
});
