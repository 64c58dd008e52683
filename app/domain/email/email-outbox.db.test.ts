// The email sibling of the outbox, sending to a real SMTP server (a local mail capture).
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { startMailCapture } from "../../../test/stand-ins";
import { uniqueShop } from "../../../test/helpers";
import { dispatchEmail, newConversationEmail, queueEmail } from "./email-outbox.server";

let mail: Awaited<ReturnType<typeof startMailCapture>>;
beforeAll(async () => {
  mail = await startMailCapture({ smtpPort: 0, httpPort: 0 });
});
afterAll(() => mail.close());

const transport = () => {
  const t = nodemailer.createTransport(mail.smtpUrl);
  return { send: async (m: { from: string; to: string; subject: string; text: string; html?: string | null }) => ({ messageId: (await t.sendMail({ ...m, html: m.html ?? undefined })).messageId }) };
};

describe("email outbox", () => {
  it("records once per business key and sends once", async () => {
    const { domain } = uniqueShop();
    const enqueued: string[] = [];
    const deps = { db, enqueue: async (_shop: string, id: string) => void enqueued.push(id) };
    const content = newConversationEmail({ shopName: "Lumen & Leaf", expertName: "Ava Brooks", shopperName: "Sam <b>Doe</b>", firstMessage: "<script>alert(1)</script> hi", inboxUrl: "https://x.myshopify.com/admin/apps/k/app/inbox/1" });
    const first = await queueEmail(deps, { shop: domain, businessKey: "new-conversation:c1", to: "ava@example.com", ...content });
    const again = await queueEmail(deps, { shop: domain, businessKey: "new-conversation:c1", to: "ava@example.com", ...content });
    expect(again.id).toBe(first.id);
    expect(await db.emailMessage.count({ where: { shop: domain } })).toBe(1);

    const sendDeps = { db, transport: transport(), from: "concierge@example.com" };
    expect(await dispatchEmail(sendDeps, domain, first.id)).toBe("sent");
    expect(await dispatchEmail(sendDeps, domain, first.id)).toBe("sent"); // already sent: nothing more goes out
    const captured = mail.messages().filter((m) => m.to.some((t) => t.address === "ava@example.com") && m.subject.includes("Sam"));
    expect(captured).toHaveLength(1);
    expect(captured[0]!.subject).toBe("Sam <b>Doe</b> is waiting for you on Lumen & Leaf");
    expect(captured[0]!.html).not.toContain("<script>");
    expect(captured[0]!.html).toContain("&#60;script&#62;");
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ status: "sent" });
  });

  it("keeps the error and retries when SMTP is down", async () => {
    const { domain } = uniqueShop();
    const email = await queueEmail({ db, enqueue: async () => {} }, { shop: domain, businessKey: "k", to: "a@example.com", subject: "s", text: "t" });
    const down = { send: async () => Promise.reject(new Error("connect ECONNREFUSED")) };
    await expect(dispatchEmail({ db, transport: down, from: "x@example.com" }, domain, email.id)).rejects.toThrow("ECONNREFUSED");
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({ status: "pending", error: "connect ECONNREFUSED" });
  });
});
