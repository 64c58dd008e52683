// The first journeys: the storefront shows the launcher, the admin saves a setting, and a
// webhook fired from the sandbox is processed exactly once.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "./browser";
import { sandboxDb, waitUntil } from "./sandbox-db";

const urls = inject("sandboxUrls");
const ui = urls["Sandbox overview"]!;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe("sandbox journeys", () => {
  it("the storefront preview shows the concierge launcher, linking to the survey through the app proxy", async () => {
    const { page } = browser;
    await page.goto(urls["Storefront preview"]!);
    const launcher = page.getByRole("link", { name: /ask an expert/i });
    await launcher.waitFor({ state: "visible" });
    expect(await launcher.getAttribute("href")).toMatch(/\/apps\/concierge\/survey\?placement=fab/);
    await expect(page.getByRole("link", { name: /get matched with an expert/i }).isVisible()).resolves.toBe(true);
  });

  it("the admin shell opens Settings and saves a change", async () => {
    const { page } = browser;
    await page.goto(`${ui}/admin`);
    const app = page.frameLocator("iframe#app");
    await page.locator("#appnav a", { hasText: "Settings" }).click();
    const rate = app.getByLabel("Baseline conversion rate");
    await rate.waitFor();
    await rate.fill("3.4");
    // A bad value first: the field error shows and nothing typed is lost.
    await app.getByLabel("Send until").fill("23:00");
    await app.getByRole("button", { name: "Save" }).click();
    await app.getByText("Sending must stop by 21:00").waitFor();
    await expect(rate.inputValue()).resolves.toBe("3.4");
    await expect(app.getByLabel("Send until").inputValue()).resolves.toBe("23:00");
    await app.getByLabel("Send until").fill("21:00");
    await app.getByRole("button", { name: "Save" }).click();
    await page.locator(".toast", { hasText: "Settings saved" }).waitFor();
    const db = sandboxDb();
    const row = await waitUntil("the saved rate", async () => {
      const r = await db.execute("SELECT baselineConversionRate FROM Shop");
      return Math.abs(Number(r.rows[0]!.baselineConversionRate) - 0.034) < 1e-9 ? r.rows[0] : null;
    });
    expect(Number(row.baselineConversionRate)).toBeCloseTo(0.034);
    // And it survives a reload.
    await page.goto(`${ui}/admin?path=/app/settings`);
    await app.getByLabel("Baseline conversion rate").waitFor();
    await expect(app.getByLabel("Baseline conversion rate").inputValue()).resolves.toBe("3.4");
  });

  it("a webhook fired from the sandbox is processed once, even when Shopify redelivers it", async () => {
    const { page } = browser;
    const db = sandboxDb();
    const ordersBefore = Number((await db.execute("SELECT COUNT(*) AS n FROM ShopOrder")).rows[0]!.n);
    await page.goto(`${ui}/events`);
    await page.getByRole("button", { name: "Order created" }).click();
    const row = page.locator("#fired tbody tr").first();
    await row.waitFor();
    const webhookId = (await row.getAttribute("data-webhook-id"))!;
    await expect(row.locator("td").nth(3).textContent()).resolves.toBe("200");
    await waitUntil("processing", async () => (await db.execute({ sql: "SELECT processedAt FROM WebhookEvent WHERE id = ?", args: [webhookId] })).rows[0]?.processedAt);
    await page.reload();
    await expect(page.locator(`tr[data-webhook-id="${webhookId}"] td.processed`).textContent()).resolves.toMatch(/✓/);
    expect(Number((await db.execute("SELECT COUNT(*) AS n FROM ShopOrder")).rows[0]!.n)).toBe(ordersBefore + 1);
    expect(Number((await db.execute({ sql: "SELECT COUNT(*) AS n FROM WebhookEvent WHERE id = ?", args: [webhookId] })).rows[0]!.n)).toBe(1);
  });
});
