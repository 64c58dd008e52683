// Mail capture: what nodemailer sends over SMTP shows up, parsed, in the API and the page.
import { Window } from "happy-dom";
import nodemailer from "nodemailer";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startMailCapture, type CapturedMail, type MailCapture } from "./server";

let capture: MailCapture;

beforeAll(async () => {
  capture = await startMailCapture();
});
afterEach(async () => {
  await fetch(`${capture.httpUrl}/api/messages`, { method: "DELETE" });
});
afterAll(() => capture.close());

async function send(message: nodemailer.SendMailOptions, url = capture.smtpUrl) {
  const transport = nodemailer.createTransport(url);
  try {
    return await transport.sendMail(message);
  } finally {
    transport.close();
  }
}

async function apiMessages(): Promise<CapturedMail[]> {
  return (await fetch(`${capture.httpUrl}/api/messages`)).json();
}

describe("mail capture", () => {
  it("captures a message sent with nodemailer and exposes the parsed fields", async () => {
    const sent = await send({
      from: '"Concierge" <concierge@shop.example>',
      to: "owner@shop.example, Ops <ops@shop.example>",
      bcc: "audit@shop.example",
      subject: "Weekly expert report ✓",
      text: "12 conversations, 3 orders.",
      html: "<p><strong>12</strong> conversations, 3 orders.</p>",
      attachments: [{ filename: "report.csv", content: "a,b\n1,2\n" }],
    });
    const [mail] = await apiMessages();
    expect(mail).toMatchObject({
      subject: "Weekly expert report ✓",
      from: [{ name: "Concierge", address: "concierge@shop.example" }],
      to: [
        { name: "", address: "owner@shop.example" },
        { name: "Ops", address: "ops@shop.example" },
      ],
      text: "12 conversations, 3 orders.",
      html: "<p><strong>12</strong> conversations, 3 orders.</p>",
      messageId: sent.messageId,
      envelope: { from: "concierge@shop.example", to: ["owner@shop.example", "ops@shop.example", "audit@shop.example"] },
      attachments: [{ filename: "report.csv", contentType: "text/csv", size: 8 }],
    });
    expect(Date.now() - Date.parse(mail.date!)).toBeLessThan(60_000);

    const one = await (await fetch(`${capture.httpUrl}/api/messages/${mail.id}`)).json();
    expect(one).toEqual(mail);
    const raw = await (await fetch(`${capture.httpUrl}/api/messages/${mail.id}/raw`)).text();
    expect(raw).toContain("Subject: =?UTF-8?");
    expect(capture.messages()).toEqual([mail]);
  });

  it("lists newest first, clears on DELETE, and 404s unknown ids", async () => {
    await send({ from: "a@x.example", to: "b@x.example", subject: "first", text: "1" });
    await send({ from: "a@x.example", to: "b@x.example", subject: "second", text: "2" });
    expect((await apiMessages()).map((m) => m.subject)).toEqual(["second", "first"]);
    expect((await fetch(`${capture.httpUrl}/api/messages`, { method: "DELETE" })).status).toBe(204);
    expect(await apiMessages()).toEqual([]);
    expect((await fetch(`${capture.httpUrl}/api/messages/nope`)).status).toBe(404);
  });

  it("accepts any credentials over plain SMTP", async () => {
    const url = capture.smtpUrl.replace("smtp://", "smtp://whoever:whatever@");
    await send({ from: "a@x.example", to: "b@x.example", subject: "with auth", text: "ok" }, url);
    expect((await apiMessages()).map((m) => m.subject)).toEqual(["with auth"]);
  });

  it("shows mail on the page: text escaped, HTML in a sandboxed srcdoc iframe", async () => {
    await send({ from: "a@x.example", to: "b@x.example", subject: "<b>plain</b>", text: "<script>alert(1)</script>" });
    await send({ from: "a@x.example", to: "b@x.example", subject: "rich", html: '<h1>Hi</h1><script>parent.pwned = true</script>' });

    const window = new Window({
      url: `${capture.httpUrl}/`,
      settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true },
    });
    try {
      const page = await (await fetch(`${capture.httpUrl}/`)).text();
      const script = await (await fetch(`${capture.httpUrl}/mailbox.js`)).text();
      const document = window.document;
      document.write(page.replace('<script src="/mailbox.js"></script>', ""));
      window.eval(script);
      const deadline = Date.now() + 5_000;
      while (document.querySelectorAll("#list li[role=option]").length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

      const items = [...document.querySelectorAll("#list li[role=option]")];
      expect(items.map((li) => li.querySelector(".subject")?.textContent)).toEqual(["rich", "<b>plain</b>"]);
      const frame = document.querySelector("#body iframe");
      expect(frame?.getAttribute("sandbox")).not.toContain("allow-scripts");
      expect(frame?.getAttribute("srcdoc")).toContain("<h1>Hi</h1>");

      (items[1] as unknown as { click(): void }).click();
      expect(document.querySelector("#body pre")?.textContent?.trim()).toBe("<script>alert(1)</script>");
      expect(document.querySelector("#meta h2")?.innerHTML).toBe("&lt;b&gt;plain&lt;/b&gt;");
      expect(document.querySelector("#body script")).toBeNull();
    } finally {
      await window.happyDOM.close();
    }
  });
});
