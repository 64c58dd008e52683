// Writes one row into every table for a shop, walking the Prisma model, so tests that must
// cover "every table" also cover tables added later.
import { randomUUID } from "node:crypto";
import type { Db } from "~/db.server";
import { delegateName, models, parentsFirst, type DataModel } from "~/lib/models.server";

type Delegate = {
  create(args: { data: Record<string, unknown> }): Promise<Record<string, unknown>>;
  count(args: { where: { shop: string } }): Promise<number>;
};
const delegate = (db: Db, model: DataModel) => (db as unknown as Record<string, Delegate>)[delegateName(model)]!;

function scalarValue(type: string, name: string) {
  switch (type) {
    case "String":
      return name === "phone" || name === "phoneNumber" ? `+1555${Math.floor(1e6 + Math.random() * 8e6)}` : `${name}-${randomUUID()}`;
    case "Int":
      return 1;
    case "Float":
      return 1.5;
    case "Boolean":
      return false;
    case "DateTime":
      return new Date();
    case "BigInt":
      return BigInt(1);
    case "Json":
      return {};
    default:
      throw new Error(`seedEveryModel: no sample value for ${type}`);
  }
}

export async function seedEveryModel(db: Db, shop: string) {
  const created = new Map<string, Record<string, unknown>>();
  for (const model of parentsFirst(models)) {
    const data: Record<string, unknown> = {};
    const foreignKeys = new Map<string, string>();
    for (const f of model.fields) {
      if (f.kind === "object" && f.relationFromFields.length) foreignKeys.set(f.relationFromFields[0]!, f.type);
    }
    for (const f of model.fields) {
      if (f.kind !== "scalar") continue;
      if (f.name === "shop") data.shop = shop;
      else if (foreignKeys.has(f.name)) data[f.name] = created.get(foreignKeys.get(f.name)!)!.id;
      else if (f.isRequired && !f.hasDefaultValue && !f.isUpdatedAt) data[f.name] = scalarValue(f.type, f.name);
    }
    created.set(model.name, await delegate(db, model).create({ data }));
  }
  return created;
}

/** Rows per model for a shop. */
export async function countEveryModel(db: Db, shop: string) {
  const counts: Record<string, number> = {};
  for (const model of models) counts[model.name] = await delegate(db, model).count({ where: { shop } });
  return counts;
}
