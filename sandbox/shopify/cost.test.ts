import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { findOperation, LeakyBucket, queryCost } from "./cost";
import { loadSubsetSchema } from "./schema";

const schema = loadSubsetSchema();
const requested = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  return queryCost(schema, document, findOperation(document)!, variables);
};
const actual = (query: string, data: unknown) => {
  const document = parse(query);
  return queryCost(schema, document, findOperation(document)!, {}, data);
};

describe("query cost", () => {
  it("follows Shopify's documented rules", () => {
    expect(requested(`{ shop { name currencyCode } }`)).toBe(1);
    expect(requested(`{ products(first: 10) { edges { node { title } } } }`)).toBe(12);
    expect(requested(`{ products(first: 10) { nodes { title variants(first: 5) { nodes { price } } } } }`)).toBe(2 + 10 * (1 + 2 + 5));
    expect(requested(`query($n: Int) { products(last: $n) { pageInfo { hasNextPage } nodes { id } } }`, { n: 4 })).toBe(2 + 4);
    expect(requested(`{ nodes(ids: ["gid://shopify/Product/1", "gid://shopify/Order/2"]) { id } }`)).toBe(2);
    expect(requested(`mutation { customerCreate(input: {email: "a@b.co"}) { customer { id } userErrors { message } } }`)).toBe(10);
  });

  it("counts fragments on abstract types by their most expensive branch, and honours @skip", () => {
    const query = `{ node(id: "x") { ... on Product { variants(first: 3) { nodes { id } } } ... on Order { id } } }`;
    expect(requested(query)).toBe(1 + 2 + 3);
    expect(requested(`query($s: Boolean!) { shop { name } products(first: 5) @skip(if: $s) { nodes { id } } }`, { s: true })).toBe(1);
  });

  it("computes the actual cost from what was returned, following aliases", () => {
    const query = `{ items: products(first: 10) { list: nodes { title } } shop { name } missing: product(id: "x") { title } }`;
    expect(actual(query, { items: { list: [{ title: "a" }, { title: "b" }] }, shop: { name: "s" }, missing: null })).toBe(2 + 2 + 1 + 1);
  });
});

describe("leaky bucket", () => {
  it("takes, refunds and restores at the restore rate, capped at the maximum", () => {
    let now = 0;
    const bucket = new LeakyBucket(100, 10, () => now);
    expect(bucket.take(80)).toBe(true);
    expect(bucket.take(30)).toBe(false);
    bucket.refund(5);
    expect(bucket.status()).toEqual({ maximumAvailable: 100, currentlyAvailable: 25, restoreRate: 10 });
    now += 1_000;
    expect(bucket.currentlyAvailable()).toBe(35);
    now += 60_000;
    expect(bucket.currentlyAvailable()).toBe(100);
  });
});
