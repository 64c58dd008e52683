// One template by id, for the editor (templates.server.ts lists, saves and deletes).
import type { Db } from "~/db.server";

export async function getTemplate(db: Db, shop: string, id: string) {
  return db.template.findFirst({ where: { shop, id } });
}
