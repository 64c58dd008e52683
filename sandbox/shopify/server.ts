// The Shopify Admin stand-in: an HTTP server on 127.0.0.1 that answers as
// https://<shop>.myshopify.com would for the Admin GraphQL API and OAuth. The edge preload
// sends the app's requests here with the original host in X-Forwarded-Host.
import http from "node:http";
import { OAuthApp } from "./auth";
import { handleControl } from "./control";
import { GraphQLEndpoint, type GraphQLLogEntry, type GraphQLRequestBody } from "./graphql-endpoint";
import { productImageSvg } from "./images";
import { loadAdminSchema, type AdminSchemaSource } from "./schema";
import { AdminState } from "./state";

export interface ShopifyAdminOptions {
  port?: number;
  apiKey: string;
  apiSecret: string;
  scopes: string[];
  /** Fills the state once the server's URL is known (e.g. `seedDemoStore(state, shop, { baseUrl: url })`). */
  seed?: (state: AdminState, server: { url: string }) => void;
  /** "subset" forces the hand-written schema even when the real introspection is present. */
  schema?: AdminSchemaSource;
  /** Defaults to Shopify's standard plan: 2000 points, 100/s. */
  rateLimit?: { maximumAvailable?: number; restoreRate?: number };
  state?: AdminState;
}

export interface ShopifyAdminServer {
  url: string;
  port: number;
  state: AdminState;
  schemaSource: AdminSchemaSource;
  oauth: OAuthApp;
  /** Every GraphQL request received (last 500), for assertions and the sandbox UI. */
  graphqlLog: GraphQLLogEntry[];
  /** An offline (or online) access token for `shop`, as if the app were installed; `scopes` narrows the grant. */
  issueAccessToken(shop: string, options?: { online?: boolean; scopes?: string[] }): string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;
const UNAUTHORIZED = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

/** The shop a request is for: X-Forwarded-Host, then Host, then `?shop=`; only *.myshopify.com counts. */
export function shopFromRequest(headers: http.IncomingHttpHeaders, url: URL): string | null {
  const candidates = [headers["x-forwarded-host"], headers.host, url.searchParams.get("shop")];
  for (const candidate of candidates) {
    const first = (Array.isArray(candidate) ? candidate[0] : candidate)?.split(",")[0]?.trim().toLowerCase();
    const host = first?.replace(/:\d+$/, "");
    if (host && /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(host)) return host;
  }
  return null;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** JSON or form body merged over the query string (Shopify's OAuth endpoint accepts all three). */
function paramsFrom(url: URL, contentType: string | undefined, raw: string): Record<string, string> {
  const params: Record<string, string> = Object.fromEntries(url.searchParams);
  if (!raw) return params;
  if (contentType?.includes("json")) {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    for (const [k, v] of Object.entries(parsed)) if (v !== undefined && v !== null) params[k] = String(v);
  } else {
    for (const [k, v] of new URLSearchParams(raw)) params[k] = v;
  }
  return params;
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function startShopifyAdmin(options: ShopifyAdminOptions): Promise<ShopifyAdminServer> {
  const { schema, source } = loadAdminSchema({ prefer: options.schema });
  const state = options.state ?? new AdminState();
  const oauth = new OAuthApp({ apiKey: options.apiKey, apiSecret: options.apiSecret, scopes: options.scopes });
  const endpoint = new GraphQLEndpoint(schema, state, {
    maximumAvailable: options.rateLimit?.maximumAvailable ?? 2000,
    restoreRate: options.rateLimit?.restoreRate ?? 100,
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const method = req.method ?? "GET";
    const shop = shopFromRequest(req.headers, url);

    const image = /^\/images\/([a-z0-9-]+)\.svg$/.exec(url.pathname);
    if (method === "GET" && image) {
      const stores = shop && state.shop(shop) ? [state.shop(shop)!] : [...state.shops.values()];
      const product = stores.map((s) => s.productByHandle(image[1])).find(Boolean);
      if (!product) return send(res, 404, { errors: "Not Found" });
      const svg = productImageSvg(product);
      res.writeHead(200, { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400", "Content-Length": Buffer.byteLength(svg) });
      return res.end(svg);
    }

    if (url.pathname.startsWith("/_sandbox/")) {
      const raw = method === "GET" ? "" : await readBody(req);
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        return send(res, 400, { error: "the body must be JSON" });
      }
      const result = handleControl(method, url.pathname, body, shop, state, oauth);
      return send(res, result.status, result.body);
    }

    const store = shop ? state.shop(shop) : undefined;
    if (!store) return send(res, 404, { errors: "Not Found" });

    const graphqlPath = /^\/admin\/api\/([\w-]+)\/graphql\.json$/.exec(url.pathname);
    if (graphqlPath) {
      if (method !== "POST") return send(res, 405, { errors: "Method Not Allowed" });
      const token = req.headers["x-shopify-access-token"];
      const grant = oauth.check(Array.isArray(token) ? token[0] : token, store.domain);
      if (!grant) return send(res, 401, UNAUTHORIZED);
      const raw = await readBody(req);
      let body: GraphQLRequestBody;
      try {
        body = req.headers["content-type"]?.includes("application/graphql") ? { query: raw } : (JSON.parse(raw) as GraphQLRequestBody);
      } catch {
        return send(res, 400, { errors: { query: "Required parameter missing or invalid" } });
      }
      const result = await endpoint.handle(store, new Set(grant.scopes), graphqlPath[1], body);
      return send(res, 200, result, { "X-Shopify-API-Version": graphqlPath[1], "X-Request-Id": crypto.randomUUID() });
    }

    if (url.pathname === "/admin/oauth/access_token" && method === "POST") {
      const raw = await readBody(req);
      let params: Record<string, string>;
      try {
        params = paramsFrom(url, req.headers["content-type"], raw);
      } catch {
        return send(res, 400, { error: "invalid_request", error_description: "The request body could not be parsed" });
      }
      const result = oauth.accessToken(store.domain, params);
      return send(res, result.status, result.body);
    }

    if (url.pathname === "/admin/oauth/authorize" && method === "GET") {
      const result = oauth.authorize(store.domain, url.searchParams);
      if (result.location) {
        res.writeHead(302, { Location: result.location });
        return res.end();
      }
      return send(res, result.status, result.body);
    }

    return send(res, 404, { errors: "Not Found" });
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { errors: `Internal error in the Shopify stand-in: ${(error as Error).message}` });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  options.seed?.(state, { url });

  return {
    url,
    port,
    state,
    schemaSource: source,
    oauth,
    graphqlLog: endpoint.log,
    issueAccessToken: (shop, opts = {}) => oauth.issue(shop, opts).token,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
