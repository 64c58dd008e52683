import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { loadAdminSchema, loadIntrospectionSchema, loadSubsetSchema, validateDocument } from "./schema";
import { compareSubsetToSchema } from "./schema-compat";
import { HAS_INTROSPECTION, MISSING_INTROSPECTION } from "./test-support";

describe("admin schema", () => {
  it.skipIf(!HAS_INTROSPECTION)(`the hand-written subset only claims what Shopify's real schema has [${HAS_INTROSPECTION ? "real schema present" : MISSING_INTROSPECTION}]`, () => {
    const problems = compareSubsetToSchema(loadSubsetSchema(), loadIntrospectionSchema()!);
    expect(problems).toEqual([]);
  });

  it.skipIf(!HAS_INTROSPECTION)(`the comparison catches a wrong field, argument, return type and enum value [${HAS_INTROSPECTION ? "real schema present" : MISSING_INTROSPECTION}]`, () => {
    const wrong = buildSchema(`
      schema { query: QueryRoot mutation: Mutation }
      type QueryRoot { shop: Shop! products(first: Int, color: String): ProductConnection! }
      type Mutation { customerCreate(input: CustomerInput!): CustomerCreatePayload }
      type Shop { name: Int! nickname: String }
      type ProductConnection { nodes: [Product!]! }
      type Product { id: ID! }
      input CustomerInput { email: String }
      type CustomerCreatePayload { userErrors: [UserError!]! }
      type UserError { message: String! }
      enum ProductStatus { ACTIVE SOLD_OUT }
    `);
    const problems = compareSubsetToSchema(wrong, loadIntrospectionSchema()!);
    expect(problems).toEqual(expect.arrayContaining([
      "QueryRoot.products(color) does not exist",
      "Shop.name returns String!, not Int!",
      "field Shop.nickname does not exist",
      "enum ProductStatus has no value SOLD_OUT",
    ]));
  });

  it("falls back to the subset on request, and prefers the real schema when present", () => {
    expect(loadAdminSchema({ prefer: "subset" }).source).toBe("subset");
    expect(loadAdminSchema().source).toBe(HAS_INTROSPECTION ? "introspection" : "subset");
  });

  it("validateDocument returns GraphQL errors for unknown fields and syntax errors, none for a valid document", () => {
    const { schema } = loadAdminSchema({ prefer: "subset" });
    expect(validateDocument(schema, `{ shop { name currencyCode } products(first: 2) { nodes { id title } } }`)).toEqual([]);
    const unknown = validateDocument(schema, `{ shop { nickname } }`);
    expect(unknown.map((e) => e.message)).toEqual([expect.stringContaining(`Cannot query field "nickname" on type "Shop"`)]);
    const syntax = validateDocument(schema, `{ shop { name `);
    expect(syntax).toHaveLength(1);
    expect(syntax[0].message).toMatch(/^Syntax Error/);
  });
});
