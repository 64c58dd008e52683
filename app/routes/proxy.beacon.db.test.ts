// The launcher's impression beacon and the landing page, through the app proxy.
import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { Liquid } from "liquidjs";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { dayIn } from "~/domain/promotion/stats.server";
import { limitKey, LIMITS } from "~/domain/surveys/rate-limit.server";
import { closeStorefrontLimiter } from "~/domain/surveys/storefront-limiter.server";
import { appPath, proxyGet, SHOPPER_IP, surveyShop } from "~/domain/surveys/test-support";
import { appProxyRequest, callRoute, closeTestQueues } from "../../test/helpers";
import * as beacon from "./proxy.beacon";
import * as landing from "./proxy._index";

const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
afterAll(async () => {
  await closeTestQueues();
  await closeStorefrontLimiter();
  redis.disconnect();
});

async function sendBeacon(shopName: string, body: string, opts: { forge?: boolean; stale?: boolean } = {}) {
  const signed = await appProxyRequest(appPath("/apps/concierge/beacon"), shopName, opts);
  return callRoute(
    beacon.action,
    new Request(signed.url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8", "X-Forwarded-For": SHOPPER_IP },
      body,
    }),
  );
}

describe("POST /proxy/beacon", () => {
  it("counts one impression per placement and source per shop day, answering 204", async () => {
    const f = await surveyShop();
    const day = dayIn("America/New_York", new Date());
    for (let i = 0; i < 2; i++) {
      const res = await sendBeacon(f.name, "placements=fab%2Cbanner&source=Instagram&template=product");
      expect(res.status).toBe(204);
      expect(await res.text()).toBe("");
    }
    await sendBeacon(f.name, "placements=fab&source=direct&template=index");
    const stats = await db.placementStat.findMany({ where: { shop: f.domain }, orderBy: [{ placement: "asc" }, { source: "asc" }] });
    expect(stats.map((s) => [s.placement, s.source, s.day, s.impressions, s.opens, s.starts])).toEqual([
      ["banner", "instagram", day, 2, 0, 0],
      ["fab", "direct", day, 1, 0, 0],
      ["fab", "instagram", day, 2, 0, 0],
    ]);
  });

  it("ignores unknown placements (400) and duplicate ones", async () => {
    const f = await surveyShop();
    expect((await sendBeacon(f.name, "placements=popup,<script>&source=x")).status).toBe(400);
    expect((await sendBeacon(f.name, "placements=fab,fab,banner,nope")).status).toBe(204);
    const stats = await db.placementStat.findMany({ where: { shop: f.domain } });
    expect(stats.map((s) => [s.placement, s.source, s.impressions]).sort()).toEqual([
      ["banner", "direct", 1],
      ["fab", "direct", 1],
    ]);
  });

  it("rejects forged and stale signatures, and GET", async () => {
    const f = await surveyShop();
    expect((await sendBeacon(f.name, "placements=fab", { forge: true })).status).toBe(400);
    expect((await sendBeacon(f.name, "placements=fab", { stale: true })).status).toBe(400);
    expect((await callRoute(beacon.loader, await proxyGet("/apps/concierge/beacon", f.name))).status).toBe(405);
    expect(await db.placementStat.count({ where: { shop: f.domain } })).toBe(0);
  });

  it("answers 429 with a message past the per-network limit", async () => {
    const f = await surveyShop();
    await redis.set(limitKey(env.QUEUE_PREFIX, "beacon", f.domain, SHOPPER_IP), String(LIMITS.beacon.limit), "EX", 600);
    const res = await sendBeacon(f.name, "placements=fab");
    expect(res.status).toBe(429);
    expect(await res.text()).toMatch(/Too many impressions from this network; try again in \d+ seconds/);
    expect(await db.placementStat.count({ where: { shop: f.domain } })).toBe(0);
  });
});

describe("GET /proxy (landing page)", () => {
  it("introduces the program with experts, 3 steps, the concierge offer, and a CTA carrying the UTM params", async () => {
    const f = await surveyShop({
      experts: [
        { name: "Ava Brooks", photoUrl: "https://cdn.example.com/ava.png", bio: "Licensed esthetician.", specialties: ["sensitive skin", "SPF"] },
        { name: "Marcus <b>Lee</b> {{ shop.name }}", bio: "Colorist", availability: "away" },
        { name: "Retired", active: false },
      ],
    });
    await db.offer.create({ data: { shop: f.domain, title: "Expert pick: 15% off", isConcierge: true, valueType: "percentage", value: 15 } });
    await db.offer.create({ data: { shop: f.domain, title: "Holiday sale", isConcierge: false, valueType: "percentage", value: 30 } });
    const res = await callRoute(landing.loader, await proxyGet("/apps/concierge?utm_source=newsletter&utm_campaign=spring sale&foo=bar", f.name));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/liquid");
    const html = await res.text();
    expect(html).toContain("Ava Brooks");
    expect(html).toContain('<img src="https://cdn.example.com/ava.png"');
    expect(html).toContain("Licensed esthetician.");
    expect(html).toContain("sensitive skin · SPF");
    expect(html).toContain("Marcus &lt;b&gt;Lee&lt;/b&gt; &#123;&#123; shop.name &#125;&#125;");
    expect(html).not.toContain("Retired");
    expect(html).toContain("15% off your expert&#39;s picks");
    expect(html).not.toContain("Holiday sale");
    expect(html.match(/<li><strong>/g)).toHaveLength(3); // how it works, in 3 steps
    expect(html).toContain('href="/apps/concierge/survey/?placement=landing&amp;utm_source=newsletter&amp;utm_campaign=spring+sale"');
    expect(html).not.toContain("foo=bar");
    expect(await new Liquid().parseAndRender(html, { shop: { name: "EVALUATED" } })).toBe(html);
    expect(await db.placementStat.findFirst({ where: { shop: f.domain, placement: "landing" } })).toMatchObject({ source: "newsletter", impressions: 1 });
  });

  it("is a 404 notice when the program is off", async () => {
    const f = await surveyShop({ programEnabled: false });
    const res = await callRoute(landing.loader, await proxyGet("/apps/concierge", f.name));
    expect(res.status).toBe(404);
    expect(await db.placementStat.count({ where: { shop: f.domain } })).toBe(0);
  });

  it("rejects a stale signature", async () => {
    const f = await surveyShop();
    const res = await callRoute(landing.loader, await proxyGet("/apps/concierge", f.name, { stale: true }));
    expect(res.status).toBe(400);
  });
});
