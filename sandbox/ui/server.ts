// The sandbox's own web server: overview, storefront preview + app proxy, admin shell with
// the App Bridge stand-in, phone simulator, mailbox link, thank-you preview and Shopify events.
import http from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, normalize } from "node:path";
import type { SandboxConfig } from "../config";
import type { ShopifyAdminServer } from "../shopify/server";
import type { TwilioSandbox } from "../twilio/server";
import { sessionToken } from "../shopify-signing";
import { EXPERT_AVATARS } from "../seed-app";
import { adminShellPage, eventsPage, overviewPage, phonePage, thankYouPage, type FiredEvent } from "./pages";
import { appProxy, collectionPage, homePage, productPage, themeAssetsDir } from "./storefront";

export type EventFirer = (topic: string) => Promise<FiredEvent>;

export type UiContext = {
  config: SandboxConfig;
  shopify: ShopifyAdminServer;
  twilio: TwilioSandbox;
  fireEvent: EventFirer;
  eventTopics: Array<{ topic: string; label: string }>;
  processedAt: (webhookId: string) => Promise<Date | null>;
  urlRows: () => Array<[string, string, string]>;
};

const HTML = { "Content-Type": "text/html; charset=utf-8" };
const JSON_TYPE = { "Content-Type": "application/json; charset=utf-8" };
const MIME: Record<string, string> = { ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png" };

async function toRequest(req: http.IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const body = chunks.length && req.method !== "GET" && req.method !== "HEAD" ? Buffer.concat(chunks) : undefined;
  return new Request(new URL(req.url ?? "/", base), { method: req.method, headers, body });
}

async function send(res: http.ServerResponse, response: Response) {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => (headers[k] = v));
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

export async function startUi(ctx: UiContext) {
  const { config } = ctx;
  const fired: FiredEvent[] = [];
  const store = () => ctx.shopify.state.requireShop(config.shop);

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;

    if (path === "/") return new Response(overviewPage(config, ctx.urlRows()), { headers: HTML });

    // Storefront
    if (path === "/storefront") return new Response(await homePage(store(), { concierge: url.searchParams.get("concierge") !== "off" }), { headers: HTML });
    const collection = /^\/storefront\/collections\/([\w-]+)$/.exec(path);
    if (collection) {
      const html = await collectionPage(store(), collection[1]!);
      return html ? new Response(html, { headers: HTML }) : new Response("Not found", { status: 404 });
    }
    const product = /^\/storefront\/products\/([\w-]+)$/.exec(path);
    if (product) {
      const html = await productPage(store(), product[1]!);
      return html ? new Response(html, { headers: HTML }) : new Response("Not found", { status: 404 });
    }
    if (path === "/apps/concierge" || path.startsWith("/apps/concierge/")) {
      return appProxy({ store: store(), appUrl: config.urls.app, apiSecret: config.apiSecret, request, subpath: path.slice("/apps/concierge".length) || "/" });
    }
    if (path.startsWith("/ext-assets/")) {
      const file = normalize(path.slice("/ext-assets/".length)).replace(/^(\.\.[/\\])+/, "");
      const full = join(themeAssetsDir, "assets", file);
      if (!existsSync(full)) return new Response("Not found", { status: 404 });
      return new Response(await readFile(full), { headers: { "Content-Type": MIME[full.slice(full.lastIndexOf("."))] ?? "application/octet-stream" } });
    }
    const avatar = /^\/avatars\/([a-z]+)\.svg$/.exec(path);
    if (avatar && EXPERT_AVATARS[avatar[1]!]) return new Response(EXPERT_AVATARS[avatar[1]!], { headers: { "Content-Type": "image/svg+xml" } });

    // Admin shell and the App Bridge stand-in
    if (path === "/admin") {
      const appPath = url.searchParams.get("path") ?? "/app";
      const host = Buffer.from(`admin.shopify.com/store/${config.shopName}`).toString("base64url");
      const token = sessionToken({ shop: config.shop, apiKey: config.apiKey, apiSecret: config.apiSecret });
      const src = `${config.urls.app}${appPath}?embedded=1&shop=${config.shop}&host=${host}&locale=en&id_token=${token}`;
      return new Response(adminShellPage(config, src), { headers: HTML });
    }
    if (path === "/app-bridge.js") {
      return new Response(await readFile(new URL("./app-bridge.js", import.meta.url)), { headers: { "Content-Type": MIME[".js"]!, "Cache-Control": "no-store" } });
    }
    if (path === "/_sandbox/id-token") {
      const shop = url.searchParams.get("shop") ?? config.shop;
      const ttl = 60;
      const token = sessionToken({ shop, apiKey: config.apiKey, apiSecret: config.apiSecret, ttlSeconds: ttl });
      return new Response(JSON.stringify({ token, exp: Math.floor(Date.now() / 1000) + ttl }), {
        headers: { ...JSON_TYPE, "Access-Control-Allow-Origin": config.urls.app, "Cache-Control": "no-store" },
      });
    }
    if (path === "/_sandbox/products") {
      const s = store();
      const products = [...s.products.values()].map((p) => ({
        id: `gid://shopify/Product/${p.id}`,
        title: p.title,
        handle: p.handle,
        images: p.images.map((i) => ({ originalSrc: i.url, altText: i.altText })),
        variants: s.variantsOf(p).map((v) => ({ id: `gid://shopify/ProductVariant/${v.id}`, title: v.title, price: v.price })),
      }));
      return new Response(JSON.stringify(products), { headers: JSON_TYPE });
    }

    // Phone simulator
    if (path === "/phone") {
      const senders = ctx.twilio.store.incomingPhoneNumbers.map((n) => ({ phone: n.phoneNumber, label: `${n.friendlyName} ${n.phoneNumber}` }));
      const customers = [...store().customers.values()].filter((c) => c.phone).map((c) => ({ phone: c.phone!, label: `${c.firstName} ${c.lastName} ${c.phone}` }));
      const seen = new Set(customers.map((c) => c.phone));
      const others = [...new Set(ctx.twilio.store.messages.map((m) => (m.direction === "inbound" ? m.from : m.to)).filter((p): p is string => Boolean(p) && !seen.has(p!)))];
      return new Response(phonePage([...others.map((p) => ({ phone: p, label: p })), ...customers], senders), { headers: HTML });
    }
    if (path === "/phone/thread.json") {
      const phone = url.searchParams.get("phone") ?? "";
      const messages = ctx.twilio.store.messages
        .filter((m) => (m.direction === "inbound" ? m.from === phone : m.to === phone))
        .map((m) => ({ direction: m.direction, from: m.from, to: m.to, body: m.body, status: m.status, media: m.mediaUrls, at: m.dateCreated }));
      return new Response(JSON.stringify(messages), { headers: JSON_TYPE });
    }
    if (path === "/phone/send" && request.method === "POST") {
      const { from, to, body } = (await request.json()) as { from: string; to: string; body: string };
      if (!/^\+[1-9]\d{6,14}$/.test(from ?? "")) return new Response(JSON.stringify({ error: "from must be an E.164 number" }), { status: 400, headers: JSON_TYPE });
      const result = await ctx.twilio.simulateInbound({ from, to, body });
      return new Response(JSON.stringify(result), { headers: JSON_TYPE });
    }

    if (path === "/mail") return Response.redirect(config.urls.mail, 302);
    if (path === "/thank-you") return new Response(thankYouPage(existsSync(join(themeAssetsDir, "..", "thank-you", "src"))), { headers: HTML });

    // Shopify events
    if (path === "/events") {
      for (const f of fired) if (!f.processedAt) f.processedAt = await ctx.processedAt(f.webhookId);
      return new Response(eventsPage(ctx.eventTopics, fired), { headers: HTML });
    }
    if (path === "/events/fire" && request.method === "POST") {
      const form = request.headers.get("content-type")?.includes("json") ? ((await request.json()) as { topic: string }) : Object.fromEntries(await request.formData());
      const topic = String(form.topic ?? "");
      if (!ctx.eventTopics.some((t) => t.topic === topic)) return new Response(JSON.stringify({ error: `unknown topic ${topic}` }), { status: 400, headers: JSON_TYPE });
      const event = await ctx.fireEvent(topic);
      fired.unshift(event);
      if (request.headers.get("accept")?.includes("json")) return new Response(JSON.stringify(event), { headers: JSON_TYPE });
      return Response.redirect(`${config.urls.ui}/events`, 303);
    }
    if (path === "/events.json") {
      for (const f of fired) if (!f.processedAt) f.processedAt = await ctx.processedAt(f.webhookId);
      return new Response(JSON.stringify(fired), { headers: JSON_TYPE });
    }
    if (path === "/health") return new Response("ok");
    return new Response("Not found", { status: 404 });
  }

  const server = http.createServer((req, res) => {
    toRequest(req, config.urls.ui)
      .then(handle)
      .then((response) => send(res, response))
      .catch((error: Error) => {
        console.error(`[sandbox ui] ${req.method} ${req.url}: ${error.stack ?? error.message}`);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
        res.end(`Sandbox error: ${error.message}`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.ports.ui, "127.0.0.1", resolve);
  });
  return { close: () => new Promise<void>((r) => server.close(() => r())) };
}
