// What the theme app extension shows, as set on the Promotion page: on/off and copy of the FAB
// and the banner, published to an app-data metafield that the blocks read in Liquid
// (`app.metafields.concierge.placements.value`). The landing page is served by the app itself
// and reads the database directly, so it isn't published.
import type { Db } from "~/db.server";
import type { AdminGraphql } from "~/integrations/shopify/admin-client.server";
import { setAppDataJsonMetafield } from "~/integrations/shopify/app-metafields.server";
import { loadPlacements, type PlacementKind, type PlacementView } from "./placements.server";

/** Where the theme blocks look; changing it means changing the blocks' Liquid too. */
export const STOREFRONT_SETTINGS_METAFIELD = { namespace: "concierge", key: "placements" } as const;

export const THEME_PLACEMENTS = ["fab", "banner"] as const satisfies readonly PlacementKind[];
export type ThemePlacement = (typeof THEME_PLACEMENTS)[number];

/** "" means: the block's own theme editor setting, else the storefront locale's default. */
export type StorefrontSettings = {
  fab: { enabled: boolean; label: string };
  banner: { enabled: boolean; headline: string; incentive: string; cta: string };
};

export function isThemePlacement(kind: string): kind is ThemePlacement {
  return (THEME_PLACEMENTS as readonly string[]).includes(kind);
}

/** The metafield's value: only what the storefront shows, never invite links or stats. */
export function storefrontSettings(placements: PlacementView[]): StorefrontSettings {
  const byKind = new Map(placements.map((p) => [p.kind, p]));
  const entry = (kind: ThemePlacement) => {
    const placement = byKind.get(kind);
    if (!placement) throw new Error(`placement ${kind} missing`);
    return { enabled: placement.enabled, ...placement.copy };
  };
  return { fab: entry("fab"), banner: entry("banner") } as StorefrontSettings;
}

/**
 * Publishes the shop's current placements. It reads the database when it runs, so however
 * many saves came before, the storefront ends up with the latest.
 */
export async function publishStorefrontSettings(db: Db, shop: string, graphql: AdminGraphql) {
  const { placements } = await loadPlacements(db, shop);
  const settings = storefrontSettings(placements);
  const { namespace, key } = STOREFRONT_SETTINGS_METAFIELD;
  const outcome = await setAppDataJsonMetafield(graphql, namespace, key, settings);
  return { outcome, settings };
}
