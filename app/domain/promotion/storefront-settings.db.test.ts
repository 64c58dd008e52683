// The Promotion page reaches the theme: a save enqueues the storefront-settings job, which
// writes the app-data metafield at Shopify (the local stand-in) from the database as it is
// when the job runs; the storefront preview renders the theme blocks from that metafield.
import type { Job } from "bullmq";
import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import type { AdminGraphql } from "~/integrations/shopify/admin-client.server";
import { enqueueStorefrontSettings, QueueName } from "~/jobs/queues.server";
import { runJob } from "~/jobs/terminal-errors.server";
import { processShopSync } from "~/jobs/processors/shop-sync.server";
import * as promotionRoute from "~/routes/app.promotion";
import { adminRequest, callRoute, closeTestQueues, installShop, jobsFor, uniqueShop } from "../../../test/helpers";
import { renderStorefrontHome, standInAdminGraphql, startShopifyStandIn, type ShopifyStandIn } from "../../../test/stand-ins";
import { drainQueue } from "../../../test/workers";
import { loadPlacements, savePlacement } from "./placements.server";
import { publishStorefrontSettings, storefrontSettings } from "./storefront-settings.server";

let shopify: ShopifyStandIn;
beforeAll(async () => {
  shopify = await startShopifyStandIn({ apiKey: "testApiKey", apiSecret: "testApiSecretKey", scopes: (process.env.SCOPES ?? "").split(",") });
});
afterAll(async () => {
  await shopify.close();
  await closeTestQueues();
});

/** A shop installed in the app and known to Shopify. */
async function newShop() {
  const shop = uniqueShop();
  await installShop(shop.domain);
  const store = shopify.state.addShop(shop.domain);
  return { ...shop, store, graphql: standInAdminGraphql(shopify, shop.domain) };
}

const save = async (shopName: string, form: Record<string, string>) => {
  const response = await callRoute(
    promotionRoute.action,
    await adminRequest("/app/promotion", shopName, {
      method: "POST",
      body: new URLSearchParams({ intent: "placement", ...form }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    }),
  );
  expect(response.status).toBe(200);
};

/**
 * The worker's processor for the queue, with the Admin client given (the worker's comes from the
 * offline session). Jobs that other test files in this worker left for their shops are skipped.
 */
const publishFor = (shop: string, graphql: () => Promise<AdminGraphql> | AdminGraphql) => async (job: Job<{ shop: string }>) =>
  job.data.shop !== shop ? "another test's shop" : runJob(async () => (await publishStorefrontSettings(db, job.data.shop, await graphql())).outcome);

const metafieldValue = (store: ReturnType<ShopifyStandIn["state"]["requireShop"]>) => {
  const metafield = store.appMetafield("concierge", "placements");
  return metafield ? { type: metafield.type, value: JSON.parse(metafield.value) as unknown } : null;
};

const storefrontJobs = (shop: string) => jobsFor(QueueName.storefrontSettings, (d) => d.shop === shop);

describe("storefront settings value", () => {
  it("carries on/off and copy of the FAB and the banner only, \"\" for copy left to the theme", async () => {
    const { domain } = uniqueShop();
    await savePlacement(db, domain, "banner", { enabled: "off", headline: "Meet our skin experts", incentive: "", cta: "" });
    await savePlacement(db, domain, "landing", { enabled: "off", headline: "Not for the theme", intro: "" });
    expect(storefrontSettings((await loadPlacements(db, domain)).placements)).toEqual({
      fab: { enabled: true, label: "" },
      banner: { enabled: false, headline: "Meet our skin experts", incentive: "", cta: "" },
    });
  });
});

describe("publishing the Promotion page to the theme", () => {
  it("a save enqueues the job; it writes the metafield at Shopify and the storefront follows", async () => {
    const shop = await newShop();
    expect(await renderStorefrontHome(shop.store)).toContain('data-concierge-placement="fab"');

    // Two saves in a row: one job.
    await save(shop.name, { kind: "fab", enabled: "off", label: "" });
    await save(shop.name, { kind: "banner", enabled: "on", headline: " Meet our skin experts ", incentive: "15% off their picks", cta: "" });
    expect(await storefrontJobs(shop.domain)).toHaveLength(1);
    expect((await storefrontJobs(shop.domain))[0]!.data).toEqual({ shop: shop.domain });

    expect(await drainQueue(QueueName.storefrontSettings, publishFor(shop.domain, () => shop.graphql))).toEqual([]);
    expect(metafieldValue(shop.store)).toEqual({
      type: "json",
      value: {
        fab: { enabled: false, label: "" },
        banner: { enabled: true, headline: "Meet our skin experts", incentive: "15% off their picks", cta: "" },
      },
    });
    expect((await storefrontJobs(shop.domain)).map((j) => j.returnvalue)).toEqual(["set"]);

    const home = await renderStorefrontHome(shop.store);
    expect(home).not.toContain('data-concierge-placement="fab"');
    expect(home).toContain("Meet our skin experts");
    expect(home).toContain("15% off their picks");
  });

  it("the landing page isn't published: saving it enqueues nothing", async () => {
    const shop = await newShop();
    await save(shop.name, { kind: "landing", enabled: "off", headline: "", intro: "" });
    expect(await storefrontJobs(shop.domain)).toEqual([]);
  });

  it("the job publishes the database as it is when it runs, not as it was when enqueued", async () => {
    const shop = await newShop();
    await save(shop.name, { kind: "fab", enabled: "off", label: "" });
    // Written after the enqueue, without one of its own (as a second save would be deduplicated).
    await savePlacement(db, shop.domain, "fab", { enabled: "on", label: "Text Sam" });
    await drainQueue(QueueName.storefrontSettings, publishFor(shop.domain, () => shop.graphql));
    expect(metafieldValue(shop.store)?.value).toMatchObject({ fab: { enabled: true, label: "Text Sam" } });
  });

  it("a save while the job is running gets a run of its own, so the last save is never lost", async () => {
    const shop = await newShop();
    await save(shop.name, { kind: "fab", enabled: "off", label: "" });
    let runs = 0;
    // The merchant saves again after the running job has read the database, before it writes.
    const racing: AdminGraphql = async (query, variables) => {
      if (query.includes("metafieldsSet") && runs++ === 0) await save(shop.name, { kind: "fab", enabled: "on", label: "Text Sam" });
      return shop.graphql(query, variables);
    };
    expect(await drainQueue(QueueName.storefrontSettings, publishFor(shop.domain, () => racing))).toEqual([]);
    expect(runs).toBe(2);
    expect(metafieldValue(shop.store)?.value).toMatchObject({ fab: { enabled: true, label: "Text Sam" } });
    expect(await storefrontJobs(shop.domain)).toHaveLength(2);
  });

  it("doesn't write a value Shopify already has", async () => {
    const shop = await newShop();
    await save(shop.name, { kind: "fab", enabled: "off", label: "" });
    await drainQueue(QueueName.storefrontSettings, publishFor(shop.domain, () => shop.graphql));
    const written = shop.store.appMetafield("concierge", "placements")!.updatedAt;
    shop.graphql.calls.length = 0;

    await enqueueStorefrontSettings(shop.domain);
    await drainQueue(QueueName.storefrontSettings, publishFor(shop.domain, () => shop.graphql));
    expect(shop.graphql.calls).toEqual(["AppInstallationMetafield"]);
    expect((await storefrontJobs(shop.domain)).map((j) => j.returnvalue).sort()).toEqual(["set", "unchanged"]);
    expect(shop.store.appMetafield("concierge", "placements")!.updatedAt).toBe(written);
  });

  it("stops at once when Shopify refuses the metafield (userErrors), and writes nothing", async () => {
    const shop = await newShop();
    await save(shop.name, { kind: "fab", enabled: "off", label: "" });
    // A value Shopify can't accept, to get its userErrors for real.
    const corrupting: AdminGraphql = (query, variables) => {
      const metafields = variables?.metafields as Array<Record<string, unknown>> | undefined;
      return shop.graphql(query, metafields ? { metafields: metafields.map((m) => ({ ...m, value: "{not json" })) } : variables);
    };
    const failures = await drainQueue(QueueName.storefrontSettings, publishFor(shop.domain, () => corrupting));
    expect(failures.map((e) => [e.name, e.message])).toEqual([
      ["UnrecoverableError", expect.stringMatching(/^terminal: metafieldsSet refused: metafields\.0\.value: Value is invalid JSON: .* \[INVALID_VALUE\]$/)],
    ]);
    const [job] = await storefrontJobs(shop.domain);
    expect([job!.attemptsMade, await job!.getState()]).toEqual([1, "failed"]);
    expect(metafieldValue(shop.store)).toBeNull();
  });

  it("retries when Shopify throttles, until the bucket has room", { timeout: 30_000 }, async () => {
    const tight = await startShopifyStandIn({
      apiKey: "testApiKey",
      apiSecret: "testApiSecretKey",
      scopes: [],
      // Room for the read (2 points) and the write (10), refilling at 5 points a second.
      rateLimit: { maximumAvailable: 12, restoreRate: 5 },
    });
    try {
      const shop = uniqueShop();
      const store = tight.state.addShop(shop.domain);
      const graphql = standInAdminGraphql(tight, shop.domain);
      await savePlacement(db, shop.domain, "fab", { enabled: "off", label: "" });
      await enqueueStorefrontSettings(shop.domain);
      // Another write just before leaves too little for the job's first attempt.
      await graphql(`mutation Other($metafields: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $metafields) { userErrors { code } } }`, {
        metafields: [{ ownerId: `gid://shopify/AppInstallation/${store.appInstallation.id}`, namespace: "other", key: "warmup", type: "json", value: "{}" }],
      });

      const failures = await drainQueue(QueueName.storefrontSettings, publishFor(shop.domain, () => graphql), { timeoutMs: 25_000 });
      expect(failures.length).toBeGreaterThanOrEqual(1);
      expect(failures.every((e) => e.message === "Shopify GraphQL: Throttled")).toBe(true);
      const [job] = await jobsFor(QueueName.storefrontSettings, (d) => d.shop === shop.domain);
      expect([await job!.getState(), job!.returnvalue, job!.attemptsMade]).toEqual(["completed", "set", failures.length + 1]);
      expect(metafieldValue(store)?.value).toMatchObject({ fab: { enabled: false } });
    } finally {
      await tight.close();
    }
  });

  it("on install, shop sync refreshes the profile and republishes the placements", async () => {
    const shop = await newShop();
    // Placements kept from before an uninstall; the new installation has no metafield yet.
    await savePlacement(db, shop.domain, "banner", { enabled: "off", headline: "", incentive: "", cta: "" });
    expect(await runJob(() => processShopSync({ db, graphqlFor: async () => shop.graphql, enqueueStorefrontSettings }, { shop: shop.domain }))).toBe("synced");
    expect((await db.shop.findUniqueOrThrow({ where: { shop: shop.domain } })).name).toBe(shop.store.info.name);

    await drainQueue(QueueName.storefrontSettings, publishFor(shop.domain, () => shop.graphql));
    expect(metafieldValue(shop.store)?.value).toMatchObject({ banner: { enabled: false } });
    expect(await renderStorefrontHome(shop.store)).not.toContain('data-concierge-placement="banner"');
  });

  it("an uninstalled shop's sync still leaves the publish job queued, which then stops for good", async () => {
    const { domain } = uniqueShop();
    const noSession = () => Promise.reject(new SessionNotFoundError(`no offline session for ${domain}`));
    await expect(
      runJob(() => processShopSync({ db, graphqlFor: noSession, enqueueStorefrontSettings }, { shop: domain })),
    ).rejects.toMatchObject({ name: "UnrecoverableError" });
    expect(await storefrontJobs(domain)).toHaveLength(1);
    const failures = await drainQueue(QueueName.storefrontSettings, publishFor(domain, noSession));
    expect(failures.map((e) => e.name)).toEqual(["UnrecoverableError"]);
  });
});
