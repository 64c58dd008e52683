// What an app proxy request says about the shopper and where the page lives: the client IP
// Shopify's proxy forwards in X-Forwarded-For, the user agent, and the storefront path
// prefix (Shopify sends `path_prefix`, e.g. "/apps/concierge").
import { isIP } from "node:net";

export const DEFAULT_PATH_PREFIX = "/apps/concierge";

/** The first valid address in X-Forwarded-For (the client), else X-Real-IP, else null. */
export function clientIp(headers: Headers): string | null {
  const candidates = [...(headers.get("x-forwarded-for") ?? "").split(","), headers.get("x-real-ip") ?? ""];
  for (const raw of candidates) {
    const value = raw.trim().replace(/^\[|\]$/g, "");
    if (isIP(value)) return value;
  }
  return null;
}

export function userAgent(headers: Headers): string | null {
  return headers.get("user-agent")?.slice(0, 500) || null;
}

/** The storefront path the proxy is mounted at; a malformed value falls back to the default. */
export function pathPrefix(url: URL): string {
  const value = url.searchParams.get("path_prefix") ?? "";
  return /^\/[a-z0-9/_-]{1,100}$/i.test(value) && !value.includes("//") ? value.replace(/\/$/, "") : DEFAULT_PATH_PREFIX;
}

export type ClientMeta = { ip: string | null; userAgent: string | null; page: string; customerId?: string | null };

export function clientMeta(request: Request): ClientMeta {
  const url = new URL(request.url);
  // Signed by Shopify with the rest of the query: the storefront's logged-in customer, if any.
  const customerId = url.searchParams.get("logged_in_customer_id") ?? "";
  return {
    ip: clientIp(request.headers),
    userAgent: userAgent(request.headers),
    page: `${pathPrefix(url)}/survey`,
    customerId: /^\d{1,20}$/.test(customerId) ? customerId : null,
  };
}

export type FormRead = { ok: true; form: Record<string, string | string[]> } | { ok: false; status: 413 | 415 | 400; message: string };

/** A form post, capped at `maxBytes`: urlencoded (what a plain HTML form sends) or multipart. */
export async function readForm(request: Request, maxBytes: number): Promise<FormRead> {
  const tooLarge = { ok: false as const, status: 413 as const, message: "That's more than this form accepts. Please shorten your answer and try again." };
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) return tooLarge;
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const form: Record<string, string | string[]> = {};
  const add = (key: string, value: string) => {
    const prev = form[key];
    form[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  };
  try {
    if (type.startsWith("application/x-www-form-urlencoded") || type === "") {
      const text = await request.text();
      if (Buffer.byteLength(text) > maxBytes) return tooLarge;
      for (const [key, value] of new URLSearchParams(text)) add(key, value);
      return { ok: true, form };
    }
    if (type.startsWith("multipart/form-data")) {
      for (const [key, value] of (await request.formData()).entries()) if (typeof value === "string") add(key, value);
      return { ok: true, form };
    }
  } catch {
    return { ok: false, status: 400, message: "The form couldn't be read. Please reload the page and try again." };
  }
  return { ok: false, status: 415, message: "Send the survey as a form." };
}
