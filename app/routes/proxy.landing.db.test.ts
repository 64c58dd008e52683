// The landing page through the app proxy: experts, incentive, the survey link carrying UTM
// parameters, and the merchant's landing placement (off hides it; copy replaces the defaults).
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { savePlacement } from "~/domain/promotion/placements.server";
import { callRoute, closeTestQueues } from "../../test/helpers";
import { proxyGet, surveyShop } from "~/domain/surveys/test-support";
import * as landing from "./proxy._index";

afterAll(closeTestQueues);

describe("landing page", () => {
  it("introduces the experts and links to the survey with the visit's UTM parameters", async () => {
    const shop = await surveyShop({ experts: [{ name: "Ava Brooks", bio: "Esthetician", specialties: ["sensitive skin"] }] });
    const res = await callRoute(landing.loader, await proxyGet("/apps/concierge?utm_source=newsletter&utm_campaign=fall", shop.name));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/liquid/);
    const html = await res.text();
    expect(html).toContain("Ava Brooks");
    expect(html).toMatch(/survey\/?\?[^"]*placement=landing/);
    expect(html).toContain("utm_source=newsletter");
    expect(html).toContain("Personal advice from a real expert, by text");
  });

  it("uses the merchant's landing copy, escaped, and is hidden when the placement is off", async () => {
    const shop = await surveyShop();
    const saved = await savePlacement(db, shop.domain, "landing", { enabled: "on", headline: "Meet our <b>skin</b> team {{ shop.name }}", intro: "Real people, real advice." });
    expect(saved.ok).toBe(true);
    const html = await (await callRoute(landing.loader, await proxyGet("/apps/concierge", shop.name))).text();
    expect(html).toContain("Meet our &lt;b&gt;skin&lt;/b&gt; team");
    expect(html).not.toContain("{{ shop.name }}");
    expect(html).toContain("Real people, real advice.");

    await savePlacement(db, shop.domain, "landing", { enabled: "off", headline: "", intro: "" });
    const off = await callRoute(landing.loader, await proxyGet("/apps/concierge", shop.name));
    expect(off.status).toBe(404);
  });
});
