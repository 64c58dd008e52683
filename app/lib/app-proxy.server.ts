// Storefront requests through the app proxy. Shopify signs every one (query `signature` +
// `timestamp`); this checks that signature with @shopify/shopify-api, the same check
// `authenticate.public.appProxy` makes, but without what that call adds: it loads the
// shop's offline session (a database read) and logs every request. The storefront pages
// need neither, and they are the app's hottest path (ARCHITECTURE §7: survey step p95 50 ms
// at 200 req/s). A route that needs the Admin API through the proxy uses the full call.
import { LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { env } from "~/env.server";
// Also installs the Node runtime adapter @shopify/shopify-api needs.
import { API_VERSION } from "~/shopify.server";

let api: ReturnType<typeof shopifyApi> | undefined;

function proxyApi() {
  api ??= shopifyApi({
    apiKey: env.SHOPIFY_API_KEY,
    apiSecretKey: env.SHOPIFY_API_SECRET,
    apiVersion: API_VERSION,
    hostName: new URL(env.SHOPIFY_APP_URL).host,
    hostScheme: new URL(env.SHOPIFY_APP_URL).protocol === "http:" ? "http" : "https",
    isEmbeddedApp: true,
    ...(env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [env.SHOP_CUSTOM_DOMAIN] } : {}),
    logger: { level: LogSeverity.Error },
  });
  return api;
}

const badRequest = (message: string) =>
  new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/** The shop of a correctly signed, fresh app proxy request; throws a 400 Response otherwise. */
export async function verifyAppProxy(request: Request): Promise<{ shop: string; url: URL }> {
  const url = new URL(request.url);
  const shopifyApi = proxyApi();
  let valid = false;
  try {
    valid = await shopifyApi.utils.validateHmac(url.searchParams, { signator: "appProxy" });
  } catch {
    // Missing signature, repeated single-value parameters or a stale timestamp.
    valid = false;
  }
  if (!valid) throw badRequest("This page must be opened through the store.");
  const shop = shopifyApi.utils.sanitizeShop(url.searchParams.get("shop") ?? "");
  if (!shop) throw badRequest("Unknown store.");
  return { shop, url };
}
