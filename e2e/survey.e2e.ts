// Storefront → launcher → survey → first contact: the progress reads "1 of 5" … "5 of 5",
// back works, a bad answer shows its field error, and on completion the conversation is in
// the expert's inbox and the intro SMS reaches the phone. Also without JavaScript.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser } from "./browser";
import { waitUntil } from "./sandbox-db";

const urls = inject("sandboxUrls");
const ui = urls["Sandbox overview"]!;

/** A shopper number whose local time is inside sending hours now, so the intro goes at once. */
function daytimeNumber(variant: number) {
  const candidates = [
    { zone: "America/New_York", phone: `+1212555${String(180 + variant).padStart(4, "0")}`, typed: `(212) 555-${String(180 + variant).padStart(4, "0")}` },
    { zone: "Europe/London", phone: `+4477009001${20 + variant}`, typed: `+44 7700 9001${20 + variant}` },
    { zone: "Asia/Tokyo", phone: `+8190123456${70 + variant}`, typed: `+81 90 1234 56${70 + variant}` },
    { zone: "Pacific/Honolulu", phone: `+1808555${String(130 + variant).padStart(4, "0")}`, typed: `(808) 555-${String(130 + variant).padStart(4, "0")}` },
  ];
  const hour = (zone: string) => Number(new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", hourCycle: "h23" }).format(new Date()));
  return candidates.find((c) => hour(c.zone) >= 9 && hour(c.zone) < 20)!;
}

async function phoneThread(phone: string) {
  return (await (await fetch(`${ui}/phone/thread.json?phone=${encodeURIComponent(phone)}`)).json()) as Array<{ direction: string; body: string }>;
}

async function expectStep(page: Page, n: number) {
  await page.locator(".cx__count", { hasText: `${n} of 5` }).waitFor();
  expect(await page.getByRole("progressbar").getAttribute("aria-valuenow")).toBe(String(n));
}

async function takeSurvey(page: Page, shopper: { typed: string }) {
  await page.goto(`${ui}/storefront`);
  await page.getByRole("link", { name: /ask an expert/i }).click();
  await expectStep(page, 1);
  // Nothing chosen: the field error, tied to the field.
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByText("Choose one of the options to continue.").first().waitFor();
  await expectStep(page, 1);
  await page.getByLabel("Skin care").check();
  await page.getByRole("button", { name: "Next" }).click();
  await expectStep(page, 2);
  await page.getByLabel("Dryness").check();
  await page.getByLabel("Dullness").check();
  await page.getByRole("button", { name: "Next" }).click();
  await expectStep(page, 3);
  await page.getByLabel("Yes", { exact: true }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await expectStep(page, 4);
  // Back returns to step 3 with the answer kept.
  await page.getByRole("link", { name: "Back" }).click();
  await expectStep(page, 3);
  expect(await page.getByLabel("Yes", { exact: true }).isChecked()).toBe(true);
  await page.getByRole("button", { name: "Next" }).click();
  await expectStep(page, 4);
  await page.getByRole("textbox").fill("Fragrance-free please <script>alert(1)</script>");
  await page.getByRole("button", { name: "Next" }).click();
  await expectStep(page, 5);
  await page.getByLabel(/phone|mobile/i).first().fill(shopper.typed);
  // Without the box ticked, nothing is stored.
  await page.getByRole("button", { name: "Text me my expert" }).click();
  await expectStep(page, 5);
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Text me my expert" }).click();
  const heading = page.getByRole("heading", { level: 1 });
  await heading.filter({ hasText: /Thanks!/ }).waitFor();
  return heading.textContent();
}

describe("storefront survey and first contact", () => {
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    browser = await launchBrowser({ viewport: { width: 390, height: 844 } });
  });
  afterAll(async () => browser?.close());

  it("runs 1 of 5 … 5 of 5 and lands the shopper in the expert's inbox, with the intro at the phone", async () => {
    const shopper = daytimeNumber(0);
    const heading = await takeSurvey(browser.page, shopper);
    const expert = /Thanks! (.+?) will text you/.exec(heading ?? "")?.[1];
    expect(expert, heading ?? "").toBeTruthy();

    const intro = await waitUntil("the intro SMS", async () => (await phoneThread(shopper.phone)).find((m) => m.direction !== "inbound" && m.body.includes(expert!.split(" ")[0]!)), 20_000);
    expect(intro.body).not.toContain("<script>");

    const admin = await browser.context.newPage();
    await admin.setViewportSize({ width: 1280, height: 860 });
    await admin.goto(`${ui}/admin?path=/app/inbox`);
    const app = admin.frameLocator("iframe#app");
    await app.getByRole("tab", { name: /^All/ }).click();
    await app.getByText(shopper.phone.replace(/^\+1/, "").slice(-4), { exact: false }).first().waitFor();
    await admin.close();
  });

  it("completes without JavaScript", async () => {
    const noJs = await launchBrowser({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    try {
      const shopper = daytimeNumber(1);
      const heading = await takeSurvey(noJs.page, shopper);
      expect(heading).toMatch(/Thanks!/);
      await waitUntil("the intro SMS", async () => (await phoneThread(shopper.phone)).some((m) => m.direction !== "inbound"), 20_000);
    } finally {
      await noJs.close();
    }
  });
});
