// `npm run sandbox:screenshots`: starts a sandbox, plays a short journey in Debian's Chromium
// and saves the README's screenshots to docs/ (storefront, admin, phone, mailbox).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchBrowser } from "../e2e/browser";
import { repoRoot, sandboxConfig } from "./config";
import { startSandbox } from "./run";

const config = sandboxConfig(Number(process.env.SANDBOX_BASE_PORT ?? 5200));
process.env.SANDBOX_DATA_DIR = mkdtempSync(join(tmpdir(), "concierge-shots-"));
const sandbox = await startSandbox({ ...config, dataDir: process.env.SANDBOX_DATA_DIR }, { quiet: true });
const browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
const shot = (name: string) => browser.page.screenshot({ path: join(repoRoot, "docs", `${name}.png`) });
const ui = config.urls.ui;
try {
  const { page } = browser;
  await page.goto(`${ui}/storefront`);
  await page.getByRole("link", { name: /ask an expert/i }).waitFor();
  await page.waitForTimeout(7000); // the teaser bubble
  await shot("storefront");

  // A new shopper texts in: a conversation opens and the expert gets an email.
  await fetch(`${ui}/phone/send`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ from: "+13055550188", to: sandbox.twilio.store.incomingPhoneNumbers[0]!.phoneNumber, body: "Hi! Is the vitamin C serum OK for sensitive skin?" }) });

  await page.goto(`${ui}/admin?path=/app/inbox`);
  const app = page.frameLocator("iframe#app");
  await app.getByText("Maria").first().click();
  await app.getByLabel("Message", { exact: true }).fill("Hi Maria, Ava here! For tight skin after washing, I'd swap to our Gentle Oat Cleansing Milk.");
  await app.getByRole("button", { name: "Send" }).click();
  await page.waitForTimeout(2500);
  await shot("admin-inbox");

  await page.goto(`${ui}/phone`);
  await page.locator("#phone").selectOption("+13055550142");
  await page.locator(".bubble.them").first().waitFor();
  await page.waitForTimeout(1500);
  await shot("phone");

  await page.goto(config.urls.mail);
  await page.waitForTimeout(2500);
  await page.reload();
  await page.waitForTimeout(1000);
  await shot("mailbox");
  console.log("saved docs/storefront.png, docs/admin-inbox.png, docs/phone.png, docs/mailbox.png");
} finally {
  await browser.close();
  await sandbox.stop();
}
process.exit(0);
