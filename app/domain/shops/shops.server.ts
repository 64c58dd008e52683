// The Shop row: install state and program settings. Created on first auth, kept after
// uninstall until shop/redact.
import type { Db } from "~/db.server";
import type { AdminGraphql } from "~/integrations/shopify/admin-client.server";
import { SHOP_PROFILE_QUERY, type ShopProfile } from "~/integrations/shopify/shop.server";

export async function recordInstall(db: Db, shop: string, scopes: string) {
  return db.shop.upsert({
    where: { shop },
    create: { shop, scopes },
    update: { scopes, uninstalledAt: null },
  });
}

/** The shop's row, created on first use. Two first requests at once may both try to insert. */
export async function getShop(db: Db, shop: string) {
  try {
    return await db.shop.upsert({ where: { shop }, create: { shop }, update: {} });
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    return db.shop.findUniqueOrThrow({ where: { shop } });
  }
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

/** Refreshes the shop's name, contact, time zone, currency and plan from Shopify. */
export async function syncShopProfile(db: Db, shop: string, graphql: AdminGraphql) {
  const data = await graphql<ShopProfile>(SHOP_PROFILE_QUERY);
  const existing = await getShop(db, shop);
  return db.shop.update({
    where: { shop },
    data: {
      name: data.shop.name,
      email: data.shop.email,
      currencyCode: data.shop.currencyCode,
      plan: data.shop.plan.displayName,
      // Shopify's time zone is only a default; a merchant's own choice in Settings wins.
      ...(existing.timezoneSetByMerchant ? {} : { timezone: data.shop.ianaTimezone }),
    },
  });
}
