// A local HTTP endpoint that records the webhooks it receives, standing in for the app in
// the stand-in's own tests.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  method: string;
  /** The URL as the receiver saw it (origin of this server + path + query). */
  url: string;
  headers: IncomingMessage["headers"];
  params: Record<string, string>;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Resolves once `count` webhooks (in total) have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(
  answer: (hook: ReceivedWebhook) => { status: number; body?: string; contentType?: string } = () => ({ status: 204 }),
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters: (() => void)[] = [];
  let origin = "";
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = `${origin}${req.url ?? "/"}`;
    const form = req.method === "POST" ? new URLSearchParams(Buffer.concat(chunks).toString("utf8")) : new URL(url).searchParams;
    const hook: ReceivedWebhook = { method: req.method ?? "", url, headers: req.headers, params: Object.fromEntries(form), at: Date.now() };
    received.push(hook);
    const reply = answer(hook);
    res.writeHead(reply.status, { "Content-Type": reply.contentType ?? "text/plain" }).end(reply.body ?? "");
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    received,
    async waitFor(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhooks, got ${received.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return received.slice(0, count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
