// Every Admin GraphQL document in the app (template strings tagged `#graphql`) must
// validate against Shopify's Admin schema from ../shared/data/shopify/.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, parse, validate, type IntrospectionQuery } from "graphql";
import { describe, expect, it } from "vitest";

const repoRoot = resolve(__dirname, "../../..");
const schemaFile = resolve(repoRoot, "../shared/data/shopify/admin-schema-2025-01.introspection.json.gz");
const schemaPresent = existsSync(schemaFile);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

export function appDocuments() {
  return sourceFiles(join(repoRoot, "app")).flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(/`#graphql([\s\S]*?)`/g)].map((m) => ({
      file: relative(repoRoot, file),
      source: m[1]!,
    })),
  );
}

describe("Admin GraphQL documents", () => {
  const documents = appDocuments();

  it("finds the app's documents", () => {
    expect(documents.length).toBeGreaterThan(0);
    for (const d of documents) expect(() => parse(d.source), d.file).not.toThrow();
  });

  it.skipIf(!schemaPresent)(
    schemaPresent ? "validate against the Admin schema" : `SKIPPED: Admin schema not found at ${schemaFile}; documents were parsed but not validated`,
    () => {
      const json = JSON.parse(gunzipSync(readFileSync(schemaFile)).toString("utf8")) as { data: IntrospectionQuery };
      const schema = buildClientSchema(json.data);
      for (const d of documents) {
        const errors = validate(schema, parse(d.source)).map((e) => e.message);
        expect(errors, `${d.file}:\n${d.source}`).toEqual([]);
      }
    },
  );
});
