// How Shopify signs what it sends to an app: app proxy query strings, webhook bodies and
// App Bridge session tokens. The sandbox uses these to act as Shopify.
import { createHmac, randomUUID } from "node:crypto";

/** Shopify's app proxy signature: sorted `key=value` pairs, joined with nothing, HMAC-SHA256 hex. */
export function signAppProxyParams(params: Record<string, string>, apiSecret: string): string {
  const message = Object.keys(params)
    .filter((k) => k !== "signature")
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("");
  return createHmac("sha256", apiSecret).update(message).digest("hex");
}

/** The query Shopify appends when it forwards /apps/concierge/* to the app's /proxy/*. */
export function appProxyQuery(shop: string, apiSecret: string, extra: Record<string, string> = {}, now = Date.now()) {
  const params: Record<string, string> = {
    ...extra,
    shop,
    logged_in_customer_id: "",
    path_prefix: "/apps/concierge",
    timestamp: String(Math.floor(now / 1000)),
  };
  return new URLSearchParams({ ...params, signature: signAppProxyParams(params, apiSecret) });
}

export function webhookHmac(body: string, apiSecret: string): string {
  return createHmac("sha256", apiSecret).update(body, "utf8").digest("base64");
}

const b64url = (value: object | string) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** An App Bridge session token (HS256 JWT signed with the app secret), as admin issues one. */
export function sessionToken(opts: { shop: string; apiKey: string; apiSecret: string; userId?: string; ttlSeconds?: number }) {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: `https://${opts.shop}/admin`,
    dest: `https://${opts.shop}`,
    aud: opts.apiKey,
    sub: opts.userId ?? "1",
    exp: now + (opts.ttlSeconds ?? 60),
    nbf: now - 5,
    iat: now,
    jti: randomUUID(),
    sid: randomUUID(),
  };
  const unsigned = `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url(payload)}`;
  return `${unsigned}.${createHmac("sha256", opts.apiSecret).update(unsigned).digest("base64url")}`;
}
