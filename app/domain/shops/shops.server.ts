// The Shop row: install state and program settings. Created on first auth, kept after
// uninstall until shop/redact.
import type { Db } from "~/db.server";

export async function recordInstall(db: Db, shop: string, scopes: string) {
  return db.shop.upsert({
    where: { shop },
    create: { shop, scopes },
    update: { scopes, uninstalledAt: null },
  });
}

export async function getShop(db: Db, shop: string) {
  return db.shop.upsert({ where: { shop }, create: { shop }, update: {} });
}

export async function markUninstalled(db: Db, shop: string, at = new Date()) {
  await db.session.deleteMany({ where: { shop } });
  await db.shop.updateMany({ where: { shop }, data: { uninstalledAt: at } });
}

export async function updateScopes(db: Db, shop: string, scopes: string[]) {
  const scope = scopes.join(",");
  await db.session.updateMany({ where: { shop }, data: { scope } });
  await db.shop.updateMany({ where: { shop }, data: { scopes: scope } });
}
