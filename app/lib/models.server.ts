// The data model as Prisma describes it, for code that must cover every table
// (shop/redact, and the test that proves it). Both generated clients share one model.
import { createRequire } from "node:module";

type DmmfField = {
  name: string;
  kind: "scalar" | "object" | "enum" | "unsupported";
  type: string;
  isRequired: boolean;
  isList: boolean;
  isId: boolean;
  isUnique: boolean;
  hasDefaultValue: boolean;
  isUpdatedAt?: boolean;
  relationFromFields?: readonly string[];
};
export type DmmfModel = { name: string; fields: readonly DmmfField[] };

const require = createRequire(import.meta.url);
const { Prisma } = require(".prisma/concierge-sqlite") as {
  Prisma: { dmmf: { datamodel: { models: readonly DmmfModel[] } } };
};

export const models: readonly DmmfModel[] = Prisma.dmmf.datamodel.models;

/** The client delegate name of a model: `ShopOrder` → `shopOrder`. */
export function delegateName(model: DmmfModel): string {
  return model.name[0]!.toLowerCase() + model.name.slice(1);
}

/** Models that a model points at through its foreign keys. */
export function parentsOf(model: DmmfModel): string[] {
  return model.fields
    .filter((f) => f.kind === "object" && (f.relationFromFields?.length ?? 0) > 0)
    .map((f) => f.type)
    .filter((t) => t !== model.name);
}

/** Models ordered so that every parent comes before its children. */
export function parentsFirst(all: readonly DmmfModel[] = models): DmmfModel[] {
  const byName = new Map(all.map((m) => [m.name, m]));
  const ordered: DmmfModel[] = [];
  const seen = new Set<string>();
  const visit = (m: DmmfModel) => {
    if (seen.has(m.name)) return;
    seen.add(m.name);
    for (const p of parentsOf(m)) visit(byName.get(p)!);
    ordered.push(m);
  };
  all.forEach(visit);
  return ordered;
}
