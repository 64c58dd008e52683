// POST /apps/concierge/beacon (through the app proxy): the launcher's impression beacon,
// `placements=fab,banner&source=…&template=…`. Counts one impression per placement, source
// and shop day, and answers 204 with no body.
import type { ActionFunctionArgs } from "@remix-run/node";
import { verifyAppProxy } from "~/lib/app-proxy.server";
import { db } from "~/db.server";
import { countPlacements, parseBeacon } from "~/domain/promotion/stats.server";
import { storefrontLimiter } from "~/domain/surveys/storefront-limiter.server";
import { clientIp } from "~/domain/surveys/request-meta.server";

const MAX_BEACON_BYTES = 2048;
const text = (body: string, status: number, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers } });

export const loader = () => text("Send impressions with POST.", 405, { Allow: "POST" });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await verifyAppProxy(request);
  if (request.method !== "POST") return text("Send impressions with POST.", 405, { Allow: "POST" });
  const limit = await storefrontLimiter.hit("beacon", shop, clientIp(request.headers));
  if (!limit.ok) return text(`Too many impressions from this network; try again in ${limit.retryAfterSeconds} seconds.`, 429, { "Retry-After": String(limit.retryAfterSeconds) });
  if (Number(request.headers.get("content-length") ?? "0") > MAX_BEACON_BYTES) return text("Beacon too large.", 413);
  const body = await request.text();
  if (body.length > MAX_BEACON_BYTES) return text("Beacon too large.", 413);
  const { placements, source } = parseBeacon(body);
  if (placements.length === 0) return text("No known placement: send placements=fab,banner or landing.", 400);
  await countPlacements(db, shop, { placements, source, counter: "impressions" });
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
};
