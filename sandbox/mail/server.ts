// SMTP capture for the sandbox: accepts every message (any or no auth, no TLS), parses it
// with mailparser and shows it in a small web mailbox and JSON API.
import { randomUUID } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";
import { mailboxPage, mailboxScript } from "./page";

export interface MailAddress {
  name: string;
  address: string;
}

export interface CapturedMail {
  id: string;
  receivedAt: string;
  /** SMTP envelope: MAIL FROM and RCPT TO (Bcc recipients appear only here). */
  envelope: { from: string | null; to: string[] };
  messageId: string | null;
  subject: string;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  /** The Date header, ISO 8601. */
  date: string | null;
  text: string | null;
  html: string | null;
  attachments: { filename: string | null; contentType: string; size: number }[];
  size: number;
}

export interface MailCapture {
  smtpUrl: string;
  httpUrl: string;
  /** Newest first. */
  messages(): CapturedMail[];
  close(): Promise<void>;
}

function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  return [value ?? []].flat().flatMap((group) => group.value.map((a) => ({ name: a.name, address: a.address ?? "" })));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

const maxMessageBytes = 25 * 1024 * 1024;

export async function startMailCapture(opts: { smtpPort?: number; httpPort?: number } = {}): Promise<MailCapture> {
  const captured: { mail: CapturedMail; raw: Buffer }[] = [];

  const smtp = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    size: maxMessageBytes,
    closeTimeout: 1_000,
    logger: false,
    banner: "Concierge sandbox mail capture",
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "anonymous" });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            const mailFrom = session.envelope.mailFrom;
            captured.push({
              raw,
              mail: {
                id: randomUUID(),
                receivedAt: new Date().toISOString(),
                envelope: { from: mailFrom ? mailFrom.address : null, to: session.envelope.rcptTo.map((r) => r.address) },
                messageId: parsed.messageId ?? null,
                subject: parsed.subject ?? "",
                from: addresses(parsed.from),
                to: addresses(parsed.to),
                cc: addresses(parsed.cc),
                date: parsed.date ? parsed.date.toISOString() : null,
                text: parsed.text ?? null,
                html: parsed.html || null,
                attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
                size: raw.length,
              },
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });

  const newestFirst = () => captured.map((c) => c.mail).reverse();

  const http = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = `${req.method} ${url.pathname}`;
    if (route === "GET /") {
      res.writeHead(200, {
        "Content-Type": "text/html; charset=utf-8",
        // Emails render in a sandboxed srcdoc iframe, which inherits this policy: no scripts from mail.
        "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src * data:; frame-src 'self'",
      });
      return res.end(mailboxPage);
    }
    if (route === "GET /mailbox.js") {
      res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8" });
      return res.end(mailboxScript);
    }
    if (route === "GET /api/messages") return sendJson(res, 200, newestFirst());
    if (route === "DELETE /api/messages") {
      captured.length = 0;
      res.writeHead(204).end();
      return;
    }
    const one = /^\/api\/messages\/([^/]+?)(\/raw)?$/.exec(url.pathname);
    if (one && req.method === "GET") {
      const entry = captured.find((c) => c.mail.id === one[1]);
      if (!entry) return sendJson(res, 404, { error: `no message ${one[1]}` });
      if (one[2]) {
        res.writeHead(200, { "Content-Type": "message/rfc822" });
        return res.end(entry.raw);
      }
      return sendJson(res, 200, entry.mail);
    }
    sendJson(res, 404, { error: `no route ${route}` });
  });

  const listen = (server: { listen(port: number, host: string, cb: () => void): unknown; once(e: "error", cb: (err: Error) => void): unknown }, port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", resolve);
    });
  await listen(smtp.server, opts.smtpPort ?? 0);
  await listen(http, opts.httpPort ?? 0);
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const httpPort = (http.address() as AddressInfo).port;

  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    messages: newestFirst,
    async close() {
      const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await Promise.all([httpClosed, new Promise<void>((resolve) => smtp.close(() => resolve()))]);
    },
  };
}
