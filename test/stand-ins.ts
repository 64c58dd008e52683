// The local Twilio, SMTP and Shopify stand-ins (and the storefront preview) for tests that live
// beside app code, under names that keep app/ free of the sandbox (the same servers back
// `npm run sandbox`).
import { resolve } from "node:path";
import type { AdminGraphql } from "~/integrations/shopify/admin-client.server";
import type { ShopifyAdminServer } from "../sandbox/shopify/server";
export { startTwilio as startTwilioStandIn, type TwilioSandbox as TwilioStandIn } from "../sandbox/twilio/server";
export { sandboxTwilioClient as standInTwilioClient } from "../sandbox/twilio/client";
export { startMailCapture } from "../sandbox/mail/server";
export { startShopifyAdmin as startShopifyStandIn, type ShopifyAdminServer as ShopifyStandIn } from "../sandbox/shopify/server";
export { homePage as renderStorefrontHome } from "../sandbox/ui/storefront";

/** The edge preload: node --import it, or import it, to send api.twilio.com to a stand-in. */
export const EDGE_PRELOAD = resolve(__dirname, "../sandbox/edge/preload.mjs");

/** Routes this process's Twilio traffic to the stand-in at `url` (network redirection, as in the sandbox). */
export async function routeTwilioTo(url: string) {
  process.env.EDGE_TWILIO_URL = url;
  await import(EDGE_PRELOAD);
}

/**
 * The worker's Admin GraphQL client (see adminGraphqlFor) for `shop`, talking to a Shopify
 * stand-in directly: GraphQL errors (THROTTLED, …) throw an Error, HTTP failures throw the
 * Response, as the real client's errors are classified by the job runner.
 */
export function standInAdminGraphql(standIn: ShopifyAdminServer, shop: string, token = standIn.issueAccessToken(shop)): AdminGraphql & { calls: string[] } {
  const calls: string[] = [];
  const graphql = async <T,>(query: string, variables?: Record<string, unknown>) => {
    calls.push(/(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "anonymous");
    const response = await fetch(`${standIn.url}/admin/api/2026-04/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "X-Forwarded-Host": shop },
      body: JSON.stringify({ query, variables }),
    });
    if (!response.ok) throw response;
    const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
    if (body.errors?.length) throw new Error(`Shopify GraphQL: ${body.errors.map((e) => e.message).join("; ")}`);
    return body.data as T;
  };
  return Object.assign(graphql, { calls });
}
