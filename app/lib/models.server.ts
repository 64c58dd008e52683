// The data model, read from the Prisma schema that ships beside the generated client, for
// code that must cover every table (shop/redact, and the tests that prove it). The runtime
// DMMF of Prisma 6's client engine omits relations and defaults, so we read the schema.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export type ModelField = {
  name: string;
  type: string;
  kind: "scalar" | "object";
  isRequired: boolean;
  isList: boolean;
  isId: boolean;
  hasDefaultValue: boolean;
  isUpdatedAt: boolean;
  /** For a relation field: the scalar fields on this model that point at the other model. */
  relationFromFields: string[];
};
export type DataModel = { name: string; fields: ModelField[] };

const SCALARS = new Set(["String", "Int", "Float", "Boolean", "DateTime", "BigInt", "Json", "Decimal", "Bytes"]);

export function parseModels(schema: string): DataModel[] {
  const models: DataModel[] = [];
  for (const match of schema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const fields: ModelField[] = [];
    for (const raw of match[2]!.split("\n")) {
      const line = raw.replace(/\/\/.*$/, "").trim();
      const m = /^(\w+)\s+(\w+)(\[\]|\?)?\s*(.*)$/.exec(line);
      if (!m || line.startsWith("@@")) continue;
      const [, name, type, modifier, attrs] = m as unknown as [string, string, string, string | undefined, string];
      const relation = /@relation\([^)]*fields:\s*\[([^\]]*)\]/.exec(attrs);
      fields.push({
        name,
        type,
        kind: SCALARS.has(type) ? "scalar" : "object",
        isRequired: modifier !== "?" && modifier !== "[]",
        isList: modifier === "[]",
        isId: /@id\b/.test(attrs),
        hasDefaultValue: /@default\(/.test(attrs),
        isUpdatedAt: /@updatedAt\b/.test(attrs),
        relationFromFields: relation ? relation[1]!.split(",").map((s) => s.trim()).filter(Boolean) : [],
      });
    }
    models.push({ name: match[1]!, fields });
  }
  return models;
}

const require = createRequire(import.meta.url);
const clientDir = dirname(require.resolve(".prisma/concierge-sqlite"));

export const models: readonly DataModel[] = parseModels(readFileSync(join(clientDir, "schema.prisma"), "utf8"));

/** The client delegate name of a model: `ShopOrder` → `shopOrder`. */
export function delegateName(model: DataModel): string {
  return model.name[0]!.toLowerCase() + model.name.slice(1);
}

/** Models that a model points at through its foreign keys. */
export function parentsOf(model: DataModel): string[] {
  return model.fields.filter((f) => f.kind === "object" && f.relationFromFields.length > 0 && f.type !== model.name).map((f) => f.type);
}

/** Models ordered so that every parent comes before its children. */
export function parentsFirst(all: readonly DataModel[] = models): DataModel[] {
  const byName = new Map(all.map((m) => [m.name, m]));
  const ordered: DataModel[] = [];
  const seen = new Set<string>();
  const visit = (m: DataModel) => {
    if (seen.has(m.name)) return;
    seen.add(m.name);
    for (const p of parentsOf(m)) visit(byName.get(p)!);
    ordered.push(m);
  };
  all.forEach(visit);
  return ordered;
}
