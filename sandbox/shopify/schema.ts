// The Admin API schema the stand-in validates and executes against: Shopify's real
// introspection (2025-01) when the shared reference data is present, else the hand-written
// subset next to this file.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  buildSchema,
  GraphQLError,
  parse,
  validate,
  type GraphQLSchema,
  type IntrospectionQuery,
  type Source,
} from "graphql";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../..");
export const INTROSPECTION_PATH = path.resolve(repoRoot, "../shared/data/shopify/admin-schema-2025-01.introspection.json.gz");
export const SUBSET_SDL_PATH = path.join(here, "admin-subset.graphql");

export type AdminSchemaSource = "introspection" | "subset";
export interface LoadedAdminSchema {
  schema: GraphQLSchema;
  source: AdminSchemaSource;
}

let introspectionSchema: GraphQLSchema | null | undefined;
let subsetSchema: GraphQLSchema | undefined;

/** The real schema, or null when the reference file is absent (e.g. a fresh clone). */
export function loadIntrospectionSchema(): GraphQLSchema | null {
  if (introspectionSchema === undefined) {
    introspectionSchema = existsSync(INTROSPECTION_PATH)
      ? buildClientSchema((JSON.parse(gunzipSync(readFileSync(INTROSPECTION_PATH)).toString("utf8")) as { data: IntrospectionQuery }).data)
      : null;
  }
  return introspectionSchema;
}

export function loadSubsetSchema(): GraphQLSchema {
  subsetSchema ??= buildSchema(readFileSync(SUBSET_SDL_PATH, "utf8"));
  return subsetSchema;
}

/** Prefers the real introspection; `prefer: "subset"` forces the fallback (used by tests). */
export function loadAdminSchema(options: { prefer?: AdminSchemaSource } = {}): LoadedAdminSchema {
  if (options.prefer !== "subset") {
    const real = loadIntrospectionSchema();
    if (real) return { schema: real, source: "introspection" };
  }
  return { schema: loadSubsetSchema(), source: "subset" };
}

/** Parse and validate a document; syntax errors come back as a single GraphQLError. */
export function validateDocument(schema: GraphQLSchema, source: string | Source): readonly GraphQLError[] {
  try {
    return validate(schema, parse(source));
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
}
