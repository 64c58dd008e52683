import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { adminRequest, callRoute, installShop, uniqueShop } from "../../../test/helpers";
import * as promotionRoute from "~/routes/app.promotion";
import { createInviteLink, dayWindow, inviteLinkUrl, loadPlacements, placementStats, savePlacement } from "./placements.server";

const campaign = { placement: "landing", utmSource: "klaviyo", utmMedium: "email", utmCampaign: "spring-launch", utmContent: "hero_button" };

describe("placements", () => {
  it("starts with every placement on and default copy", async () => {
    const { domain } = uniqueShop();
    const { placements, inviteLinks } = await loadPlacements(db, domain);
    expect(placements.map((p) => [p.kind, p.enabled])).toEqual([
      ["fab", true],
      ["banner", true],
      ["landing", true],
    ]);
    expect(placements[0]!.copy).toEqual({ label: "" });
    expect(placements[0]!.defaults.label).toBe("Ask an expert");
    expect(inviteLinks).toEqual([]);
  });

  it("persists on/off and copy per placement, and empty copy falls back to the default", async () => {
    const { domain } = uniqueShop();
    expect(await savePlacement(db, domain, "fab", { enabled: "off", label: "  Text an expert " })).toEqual({ ok: true, kind: "fab" });
    await savePlacement(db, domain, "banner", { enabled: "on", headline: "Meet our skin experts", incentive: "15% off their picks", cta: "" });
    let { placements } = await loadPlacements(db, domain);
    expect(placements.map((p) => [p.kind, p.enabled, p.copy])).toEqual([
      ["fab", false, { label: "Text an expert" }],
      ["banner", true, { headline: "Meet our skin experts", incentive: "15% off their picks", cta: "" }],
      ["landing", true, { headline: "", intro: "" }],
    ]);
    expect(JSON.parse((await db.placement.findUniqueOrThrow({ where: { shop_kind: { shop: domain, kind: "banner" } } })).copy)).toEqual({
      headline: "Meet our skin experts",
      incentive: "15% off their picks",
    });

    await savePlacement(db, domain, "fab", { enabled: "on", label: "" });
    ({ placements } = await loadPlacements(db, domain));
    expect(placements[0]).toMatchObject({ enabled: true, copy: { label: "" } });
  });

  it.each([
    ["fab", { enabled: "on", label: "x".repeat(41) }, "label", "Button label must be at most 40 characters"],
    ["banner", { enabled: "on", headline: "x".repeat(81) }, "headline", "Headline must be at most 80 characters"],
    ["landing", { enabled: "maybe" }, "enabled", "Choose on or off"],
    ["popup", { enabled: "on" }, "form", "Unknown placement"],
  ])("rejects bad %s input and stores nothing", async (kind, input, field, message) => {
    const { domain } = uniqueShop();
    const result = await savePlacement(db, domain, kind, input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field]).toBe(message);
    expect(await db.placement.count({ where: { shop: domain } })).toBe(0);
  });

  it("builds invite links on the app proxy with the campaign's UTM parameters", async () => {
    const { domain } = uniqueShop();
    const now = new Date("2026-11-20T15:00:00Z");
    const result = await createInviteLink(db, domain, campaign, now);
    expect(result.ok && result.link).toEqual({
      url: `https://${domain}/apps/concierge?utm_source=klaviyo&utm_medium=email&utm_campaign=spring-launch&utm_content=hero_button`,
      placement: "landing",
      utmSource: "klaviyo",
      utmMedium: "email",
      utmCampaign: "spring-launch",
      utmContent: "hero_button",
      createdAt: "2026-11-20T15:00:00.000Z",
    });
    expect(inviteLinkUrl("s.myshopify.com", { utmSource: "a", utmMedium: "b", utmCampaign: "c", utmContent: "" })).toBe(
      "https://s.myshopify.com/apps/concierge?utm_source=a&utm_medium=b&utm_campaign=c",
    );
  });

  it.each([
    [{ utmSource: "Klaviyo" }, "utmSource", "Source may use only lowercase letters, digits, - and _"],
    [{ utmMedium: "e mail" }, "utmMedium", "Medium may use only lowercase letters, digits, - and _"],
    [{ utmCampaign: "spring&summer" }, "utmCampaign", "Campaign may use only lowercase letters, digits, - and _"],
    [{ utmCampaign: "" }, "utmCampaign", "Campaign is required"],
    [{ utmContent: "x".repeat(65) }, "utmContent", "Content must be at most 64 characters"],
    [{ placement: "fab" }, "placement", "Invite links open the landing page"],
  ])("rejects invite link input %o", async (patch, field, message) => {
    const { domain } = uniqueShop();
    const result = await createInviteLink(db, domain, { ...campaign, ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field]).toBe(message);
    expect((await loadPlacements(db, domain)).inviteLinks).toEqual([]);
  });

  it("keeps the 50 newest invite links, newest first, without duplicates, and leaves the landing copy alone", async () => {
    const { domain } = uniqueShop();
    await savePlacement(db, domain, "landing", { enabled: "off", headline: "Meet the team", intro: "" });
    const start = Date.parse("2026-11-01T00:00:00Z");
    for (let i = 0; i < 52; i++) await createInviteLink(db, domain, { ...campaign, utmContent: `c${i}` }, new Date(start + i * 60_000));
    await createInviteLink(db, domain, { ...campaign, utmContent: "c10" }, new Date(start + 100 * 60_000));
    const { inviteLinks, placements } = await loadPlacements(db, domain);
    expect(inviteLinks).toHaveLength(50);
    expect(inviteLinks.slice(0, 3).map((l) => l.utmContent)).toEqual(["c10", "c51", "c50"]);
    expect(inviteLinks.filter((l) => l.utmContent === "c10")).toHaveLength(1);
    expect(inviteLinks.map((l) => l.utmContent)).not.toContain("c0");
    expect(placements[2]).toMatchObject({ enabled: false, copy: { headline: "Meet the team" } });

    // Saving the landing copy keeps the link history.
    await savePlacement(db, domain, "landing", { enabled: "on", headline: "", intro: "Hi" });
    expect((await loadPlacements(db, domain)).inviteLinks).toHaveLength(50);
  });

  it("doesn't lose writes made at the same time", async () => {
    const { domain } = uniqueShop();
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => createInviteLink(db, domain, { ...campaign, utmContent: `p${i}` })),
      savePlacement(db, domain, "landing", { enabled: "on", headline: "Together", intro: "" }),
    ]);
    const { inviteLinks, placements } = await loadPlacements(db, domain);
    expect(inviteLinks.map((l) => l.utmContent).sort()).toEqual(["p0", "p1", "p2", "p3", "p4"]);
    expect(placements[2]!.copy.headline).toBe("Together");
  });
});

describe("placement stats", () => {
  it("windows the last 30 days in the shop's time zone", () => {
    // 02:00 UTC on Nov 20 is still Nov 19 in New York.
    expect(dayWindow(new Date("2026-11-20T02:00:00Z"), "America/New_York", 30)).toEqual({ from: "2026-10-21", to: "2026-11-19" });
    expect(dayWindow(new Date("2026-03-01T12:00:00Z"), "UTC", 1)).toEqual({ from: "2026-03-01", to: "2026-03-01" });
  });

  it("sums impressions, opens and starts per placement and per source over the window", async () => {
    const { domain } = uniqueShop();
    const other = uniqueShop();
    const now = new Date("2026-11-20T12:00:00Z");
    const row = (placement: string, source: string, day: string, impressions: number, opens: number, starts: number, shop = domain) => ({ shop, placement, source, day, impressions, opens, starts });
    await db.placementStat.createMany({
      data: [
        row("fab", "direct", "2026-11-20", 100, 10, 5),
        row("fab", "direct", "2026-11-01", 100, 10, 5),
        row("fab", "instagram", "2026-10-22", 50, 5, 0),
        row("banner", "direct", "2026-11-19", 200, 20, 10),
        row("landing", "klaviyo", "2026-11-18", 40, 40, 20),
        row("fab", "direct", "2026-10-21", 1000, 1000, 1000), // 31 days ago: outside
        row("fab", "direct", "2026-11-21", 1000, 1000, 1000), // tomorrow: outside
        row("fab", "direct", "2026-11-20", 7, 7, 7, other.domain),
      ],
    });
    const stats = await placementStats(db, domain, "UTC", now);
    expect(stats).toMatchObject({ from: "2026-10-22", to: "2026-11-20" });
    expect(stats.byPlacement).toEqual([
      { placement: "fab", impressions: 250, opens: 25, starts: 10, startRate: 0.04 },
      { placement: "banner", impressions: 200, opens: 20, starts: 10, startRate: 0.05 },
      { placement: "landing", impressions: 40, opens: 40, starts: 20, startRate: 0.5 },
    ]);
    expect(stats.bySource).toEqual([
      { source: "direct", impressions: 400, opens: 40, starts: 20, startRate: 0.05 },
      { source: "instagram", impressions: 50, opens: 5, starts: 0, startRate: 0 },
      { source: "klaviyo", impressions: 40, opens: 40, starts: 20, startRate: 0.5 },
    ]);
    expect(stats.total).toEqual({ impressions: 490, opens: 85, starts: 40, startRate: 40 / 490 });
  });

  it("shows zeros and no rate when nothing was counted", async () => {
    const { domain } = uniqueShop();
    const stats = await placementStats(db, domain, "America/New_York");
    expect(stats.byPlacement.map((r) => [r.placement, r.impressions, r.startRate])).toEqual([
      ["fab", 0, null],
      ["banner", 0, null],
      ["landing", 0, null],
    ]);
    expect(stats.bySource).toEqual([]);
  });
});

describe("promotion route", () => {
  const post = async (shopName: string, form: Record<string, string>) =>
    callRoute(
      promotionRoute.action,
      await adminRequest("/app/promotion", shopName, {
        method: "POST",
        body: new URLSearchParams(form),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
    );

  it("saves a toggle, makes an invite link, answers 422 on bad input, and only for the signed-in shop", async () => {
    const shop = uniqueShop();
    const other = uniqueShop();
    await installShop(shop.domain);

    const toggled = await post(shop.name, { intent: "placement", kind: "banner", enabled: "off", headline: "", incentive: "", cta: "" });
    expect(toggled.status).toBe(200);
    expect((await db.placement.findUniqueOrThrow({ where: { shop_kind: { shop: shop.domain, kind: "banner" } } })).enabled).toBe(false);

    const bad = await post(shop.name, { intent: "invite", placement: "landing", utmSource: "News Letter", utmMedium: "email", utmCampaign: "x" });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors.utmSource).toBe("Source may use only lowercase letters, digits, - and _");

    const made = await post(shop.name, { intent: "invite", ...campaign });
    expect(made.status).toBe(200);
    expect((await made.json()).link.url).toBe(`https://${shop.domain}/apps/concierge?utm_source=klaviyo&utm_medium=email&utm_campaign=spring-launch&utm_content=hero_button`);

    const page = await callRoute(promotionRoute.loader, await adminRequest("/app/promotion", shop.name));
    const data = await page.json();
    expect(data.placements.find((p: { kind: string }) => p.kind === "banner").enabled).toBe(false);
    expect(data.inviteLinks).toHaveLength(1);
    expect(data.themeEditorUrl).toBe(`https://${shop.domain}/admin/themes/current/editor?context=apps`);
    expect(await db.placement.count({ where: { shop: other.domain } })).toBe(0);
  });
});
