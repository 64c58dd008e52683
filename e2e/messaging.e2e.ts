// Two-way SMS between the expert inbox and the phone simulator: an expert reply reaches the
// phone, the shopper's reply appears in the open thread without reload, and "Stop." locks
// the composer with exactly one confirmation sent.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "./browser";
import { sandboxDb, waitUntil } from "./sandbox-db";

const urls = inject("sandboxUrls");
const ui = urls["Sandbox overview"]!;
const MARIA = "+13055550142";
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

async function phoneThread(phone: string) {
  const res = await fetch(`${ui}/phone/thread.json?phone=${encodeURIComponent(phone)}`);
  return (await res.json()) as Array<{ direction: string; body: string }>;
}

describe("expert ⇄ shopper", () => {
  it("an expert's reply reaches the phone; the shopper's answer and STOP show in the open thread without reload", async () => {
    const db = sandboxDb();
    const conversation = (await db.execute({ sql: "SELECT c.id FROM Conversation c JOIN Shopper s ON s.id = c.shopperId WHERE s.phone = ?", args: [MARIA] })).rows[0]!;
    const admin = browser.page;
    await admin.goto(`${ui}/admin?path=/app/inbox/${conversation.id}`);
    const app = admin.frameLocator("iframe#app");
    const composer = app.getByLabel("Message", { exact: true });
    await composer.waitFor();

    // The expert answers.
    const reply = "Hi Maria, Ava here! For tight skin after washing, try our Gentle Oat Cleansing Milk.";
    await composer.fill(reply);
    await app.getByRole("button", { name: "Send" }).click();
    await waitUntil("the reply at the phone", async () => (await phoneThread(MARIA)).some((m) => m.body === reply));

    // On the phone, the shopper sees it and answers.
    const phone = await browser.context.newPage();
    await phone.goto(`${ui}/phone`);
    await phone.locator("#phone").selectOption(MARIA);
    await phone.locator(".bubble.them", { hasText: "Gentle Oat Cleansing Milk" }).waitFor();
    await phone.getByLabel("Message").fill("Ooh, is it fragrance free?");
    await phone.getByRole("button", { name: "Send" }).click();

    // The open thread shows it, with no reload.
    await app.getByText("Ooh, is it fragrance free?").waitFor({ timeout: 15_000 });

    // The shopper opts out: the composer locks and exactly one confirmation goes out.
    await phone.getByLabel("Message").fill("Stop.");
    await phone.getByRole("button", { name: "Send" }).click();
    await app.getByText("This shopper has opted out of texts").waitFor({ timeout: 15_000 });
    await expect(app.getByLabel("Message", { exact: true }).isDisabled()).resolves.toBe(true);
    await waitUntil("the confirmation", async () => (await phoneThread(MARIA)).some((m) => /unsubscribed/i.test(m.body)));
    await new Promise((r) => setTimeout(r, 1500)); // nothing else may follow
    const confirmations = (await phoneThread(MARIA)).filter((m) => m.direction !== "inbound" && /unsubscribed/i.test(m.body));
    expect(confirmations).toHaveLength(1);
    const optedOut = (await db.execute({ sql: "SELECT optedOut FROM Shopper WHERE phone = ?", args: [MARIA] })).rows[0]!;
    expect(Number(optedOut.optedOut)).toBe(1);
    await phone.close();
  });
});
