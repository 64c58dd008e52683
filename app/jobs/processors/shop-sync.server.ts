// The shop-sync queue's job, run on install and re-auth: refresh the shop's profile from Shopify,
// and have the theme blocks' app-data metafield match the Promotion page again (app-data
// metafields go with the installation, so after a reinstall the blocks would otherwise fall back
// to their theme editor settings).
import type { Db } from "~/db.server";
import type { AdminGraphql } from "~/integrations/shopify/admin-client.server";
import { syncShopProfile } from "~/domain/shops/shops.server";

export type ShopSyncJob = { shop: string };

export type ShopSyncDeps = {
  db: Db;
  graphqlFor: (shop: string) => Promise<AdminGraphql>;
  enqueueStorefrontSettings: (shop: string) => Promise<void>;
};

export async function processShopSync(deps: ShopSyncDeps, data: ShopSyncJob) {
  // First, so a profile sync that fails doesn't hold the storefront settings back.
  await deps.enqueueStorefrontSettings(data.shop);
  await syncShopProfile(deps.db, data.shop, await deps.graphqlFor(data.shop));
  return "synced" as const;
}
