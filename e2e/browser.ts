// Debian's Chromium driven by playwright-core (never a downloaded browser).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Shopify's library answers 410 to bot user agents (HeadlessChrome is one); a person's browser isn't.
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

export async function launchBrowser(opts: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "concierge-e2e-"));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    userAgent: USER_AGENT,
    viewport: opts.viewport ?? { width: 1280, height: 860 },
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return {
    context,
    page: context.pages()[0] ?? (await context.newPage()),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
