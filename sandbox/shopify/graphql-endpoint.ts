// POST /admin/api/:version/graphql.json: parse, validate, cost and rate-limit, execute.
import {
  defaultFieldResolver,
  execute,
  getVariableValues,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from "graphql";
import { findOperation, LeakyBucket, queryCost } from "./cost";
import { toShopifyError, type ShopifyGraphQLError } from "./errors";
import { resolveRootField, type AdminContext } from "./resolvers";
import type { AdminState, ShopStore } from "./state";

export const SINGLE_QUERY_MAX_COST = 1000;

export interface GraphQLRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface GraphQLLogEntry {
  at: string;
  shop: string;
  apiVersion: string;
  operationName: string | null;
  query: string;
  variables: Record<string, unknown>;
  requestedQueryCost: number | null;
  errors: string[];
}

const fieldResolver: GraphQLFieldResolver<unknown, AdminContext> = (source, args, ctx, info) => {
  const { schema, parentType } = info;
  if (parentType === schema.getQueryType() || parentType === schema.getMutationType()) return resolveRootField(args, ctx, info);
  // A field the view doesn't carry is outside what the stand-in serves: say so rather than return null.
  if (source !== null && typeof source === "object" && !(info.fieldName in source)) {
    throw new GraphQLError(`The sandbox Shopify stand-in does not serve ${parentType.name}.${info.fieldName}`, { extensions: { code: "NOT_IMPLEMENTED_IN_SANDBOX" } });
  }
  return defaultFieldResolver(source, args, ctx, info);
};

const typeResolver: GraphQLTypeResolver<unknown, AdminContext> = (value) => (value as { __typename?: string }).__typename;

export class GraphQLEndpoint {
  private readonly buckets = new Map<string, LeakyBucket>();
  readonly log: GraphQLLogEntry[] = [];

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly state: AdminState,
    private readonly rateLimit: { maximumAvailable: number; restoreRate: number },
  ) {}

  bucket(shop: string): LeakyBucket {
    let bucket = this.buckets.get(shop);
    if (!bucket) {
      bucket = new LeakyBucket(this.rateLimit.maximumAvailable, this.rateLimit.restoreRate);
      this.buckets.set(shop, bucket);
    }
    return bucket;
  }

  /** Runs one request; always HTTP 200 from here, as Shopify answers GraphQL-level failures. */
  async handle(store: ShopStore, scopes: ReadonlySet<string>, apiVersion: string, body: GraphQLRequestBody): Promise<Record<string, unknown>> {
    const query = typeof body.query === "string" ? body.query : "";
    const variables = body.variables && typeof body.variables === "object" ? (body.variables as Record<string, unknown>) : {};
    const operationName = typeof body.operationName === "string" && body.operationName ? body.operationName : null;
    const entry: GraphQLLogEntry = { at: new Date().toISOString(), shop: store.domain, apiVersion, operationName, query, variables, requestedQueryCost: null, errors: [] };
    this.log.push(entry);
    if (this.log.length > 500) this.log.shift();
    const fail = (errors: ShopifyGraphQLError[], extra: Record<string, unknown> = {}) => {
      entry.errors = errors.map((e) => e.message);
      return { errors, ...extra };
    };

    if (!query.trim()) return fail([{ message: "No query string was present" }]);
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      if (error instanceof GraphQLError) return fail([toShopifyError(error)]);
      throw error;
    }
    const validationErrors = validate(this.schema, document);
    if (validationErrors.length > 0) return fail(validationErrors.map((e) => toShopifyError(e, document)));

    const operation = findOperation(document, operationName);
    if (!operation) {
      return fail([{ message: operationName ? `No operation named "${operationName}"` : "An operation name is required", extensions: { code: "OPERATION_NOT_FOUND" } }]);
    }
    entry.operationName = operation.name?.value ?? null;
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], variables);
    if (coerced.errors) return fail(coerced.errors.map((e) => toShopifyError(e, document)));

    const requested = queryCost(this.schema, document, operation, coerced.coerced);
    entry.requestedQueryCost = requested;
    const bucket = this.bucket(store.domain);
    if (requested > SINGLE_QUERY_MAX_COST) {
      return fail([{
        message: `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
        extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: SINGLE_QUERY_MAX_COST },
      }]);
    }
    if (!bucket.take(requested)) {
      return fail(
        [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        { extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } } },
      );
    }

    const context: AdminContext = { state: this.state, store, scopes };
    const result = await execute({ schema: this.schema, document, variableValues: variables, operationName: operationName ?? undefined, contextValue: context, fieldResolver, typeResolver });
    const actual = queryCost(this.schema, document, operation, coerced.coerced, result.data ?? null);
    bucket.refund(Math.max(0, requested - actual));
    const errors = result.errors?.map((e) => toShopifyError(e, document));
    entry.errors = errors?.map((e) => e.message) ?? [];
    return {
      ...(errors ? { errors } : {}),
      data: result.data ?? null,
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() } },
    };
  }
}
