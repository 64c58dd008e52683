import { describe, expect, it } from "vitest";
import { renderComposerTemplates, sendOutlook } from "./composer.server";

describe("sendOutlook", () => {
  it("takes the shopper's zone and local time from a quiet-hours hold", () => {
    const until = new Date("2026-03-02T14:00:00Z");
    expect(sendOutlook({ decision: "hold", until, code: "quiet_hours", reason: "quiet hours in America/Chicago; sends at 08:00" })).toEqual({
      decision: "hold",
      until: until.toISOString(),
      timezone: "America/Chicago",
      localTime: "08:00",
      reason: "quiet hours in America/Chicago; sends at 08:00",
    });
    expect(sendOutlook({ decision: "block", code: "opted_out", reason: "recipient has opted out" })).toEqual({ decision: "block", code: "opted_out", reason: "recipient has opted out" });
    expect(sendOutlook({ decision: "send" })).toEqual({ decision: "send" });
  });
});

describe("renderComposerTemplates", () => {
  it("fills shopper, expert, shop and product", () => {
    const [t] = renderComposerTemplates(
      [{ id: "t1", name: "Serum", body: "Hi {{shopper.first_name}}, {{expert.first_name}} at {{shop.name}}: {{product.title}} {{product.url}}", productId: "gid://shopify/Product/1", productTitle: "Night Serum" }],
      { shopper: { firstName: "Tara", lastName: null }, expert: { name: "Ava Brooks" }, shopName: "Glow", productUrls: { "gid://shopify/Product/1": "https://glow.com/products/night-serum" } },
    );
    expect(t!.body).toBe("Hi Tara, Ava at Glow: Night Serum https://glow.com/products/night-serum");
  });
});
