// Promotion page → storefront: the merchant relabels the floating button and then turns it off
// in the admin; the worker publishes the app-data metafield, and the storefront preview (the
// theme's real Liquid blocks) follows. The button is turned back on at the end, since other
// journeys share this sandbox.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "./browser";

const urls = inject("sandboxUrls");
const ui = urls["Sandbox overview"]!;
const storefront = urls["Storefront preview"]!;

let browser: Awaited<ReturnType<typeof launchBrowser>>;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

/** The storefront as a new visitor sees it, reloaded until `check` holds (the job runs after ~1 s). */
async function storefrontUntil(what: string, check: (html: string) => boolean) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const html = await (await fetch(storefront)).text();
    if (check(html)) return html;
    if (Date.now() > deadline) throw new Error(`storefront never showed ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

describe("Promotion page → storefront", () => {
  it("a new button label and turning the button off reach the storefront; the banner stays", async () => {
    const { page } = browser;
    await page.goto(`${ui}/admin?path=/app/promotion`);
    const app = page.frameLocator("iframe#app");
    const fabCard = app.locator("form", { has: app.getByRole("button", { name: "Save floating button" }) });
    await fabCard.getByLabel("Button label").waitFor();

    await fabCard.getByLabel("Button label").fill("Chat with a stylist");
    await fabCard.getByRole("button", { name: "Save floating button" }).click();
    await page.locator(".toast", { hasText: "Floating button saved" }).waitFor();
    await storefrontUntil("the new label", (html) => html.includes("Chat with a stylist"));
    await page.goto(storefront);
    await expect(page.getByRole("link", { name: "Chat with a stylist" }).isVisible()).resolves.toBe(true);

    await page.goto(`${ui}/admin?path=/app/promotion`);
    await fabCard.getByLabel("Show the floating button").uncheck();
    await fabCard.getByRole("button", { name: "Save floating button" }).click();
    await page.locator(".toast", { hasText: "Floating button saved" }).waitFor();
    const html = await storefrontUntil("no floating button", (h) => !h.includes('data-concierge-placement="fab"'));
    expect(html).toContain('data-concierge-placement="banner"'); // only the button was turned off
    await page.goto(storefront);
    await expect(page.getByRole("link", { name: /get matched with an expert/i }).isVisible()).resolves.toBe(true);
    expect(await page.locator('[data-concierge-placement="fab"]').count()).toBe(0);
  });

  afterAll(async () => {
    // Back to the sandbox's defaults: button on, label from the theme.
    const { page } = browser;
    await page.goto(`${ui}/admin?path=/app/promotion`);
    const app = page.frameLocator("iframe#app");
    const fabCard = app.locator("form", { has: app.getByRole("button", { name: "Save floating button" }) });
    await fabCard.getByLabel("Button label").waitFor();
    await fabCard.getByLabel("Show the floating button").check();
    await fabCard.getByLabel("Button label").fill("");
    await fabCard.getByRole("button", { name: "Save floating button" }).click();
    await page.locator(".toast", { hasText: "Floating button saved" }).waitFor();
    await storefrontUntil("the button back", (html) => html.includes('data-concierge-placement="fab"') && !html.includes("Chat with a stylist"));
  });
});
