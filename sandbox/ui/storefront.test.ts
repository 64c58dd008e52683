// The storefront preview renders the theme blocks with the app-data metafield the app wrote to
// the Shopify stand-in, as Shopify's storefront does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gid } from "../shopify/state";
import { startDemoAdmin } from "../shopify/test-support";
import { homePage, productPage } from "./storefront";

describe("storefront preview", () => {
  let admin: Awaited<ReturnType<typeof startDemoAdmin>>;
  beforeAll(async () => {
    admin = await startDemoAdmin({ schema: "subset" });
  });
  afterAll(() => admin.server.close());

  const publish = async (value: unknown) => {
    const { body } = await admin.graphql(
      `mutation Set($metafields: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $metafields) { userErrors { message } } }`,
      { metafields: [{ ownerId: gid("AppInstallation", admin.store.appInstallation.id), namespace: "concierge", key: "placements", type: "json", value: JSON.stringify(value) }] },
    );
    expect(body.data!.metafieldsSet.userErrors).toEqual([]);
  };

  it("shows the FAB and banner until the app turns them off through metafieldsSet", async () => {
    const before = await homePage(admin.store);
    expect(before).toContain('data-concierge-placement="fab"');
    expect(before).toContain('data-concierge-placement="banner"');

    await publish({ fab: { enabled: false, label: "" }, banner: { enabled: true, headline: "Meet our skin experts", incentive: "", cta: "" } });
    const home = await homePage(admin.store);
    expect(home).not.toContain('data-concierge-placement="fab"');
    expect(home).toContain('data-concierge-placement="banner"');
    expect(home).toContain("Meet our skin experts");

    const product = await productPage(admin.store, [...admin.store.products.values()][0]!.handle);
    expect(product).not.toContain('data-concierge-placement="fab"');

    await publish({ fab: { enabled: true, label: "Text Sam" }, banner: { enabled: false, headline: "", incentive: "", cta: "" } });
    const after = await homePage(admin.store);
    expect(after).toContain('<span class="concierge-fab__label">Text Sam</span>');
    expect(after).not.toContain('data-concierge-placement="banner"');
  });
});
