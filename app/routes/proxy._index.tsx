// GET /apps/concierge (the app proxy root): the program's landing page, as Liquid inside the
// theme. The CTA opens the survey with placement=landing and the visit's UTM parameters.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { verifyAppProxy } from "~/lib/app-proxy.server";
import { db } from "~/db.server";
import { countPlacements } from "~/domain/promotion/stats.server";
import { landingCtaUrl, landingData, renderLanding } from "~/domain/surveys/landing.server";
import { renderNotice, renderTooManyRequests } from "~/domain/surveys/render.server";
import { waitLabel } from "~/domain/surveys/rate-limit.server";
import { storefrontLimiter } from "~/domain/surveys/storefront-limiter.server";
import { clientIp, pathPrefix } from "~/domain/surveys/request-meta.server";

const liquid = (body: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "Content-Type": "application/liquid", "Cache-Control": "no-store", ...headers } });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, url } = await verifyAppProxy(request);
  const prefix = pathPrefix(url);
  const limit = await storefrontLimiter.hit("page", shop, clientIp(request.headers));
  if (!limit.ok) return liquid(renderTooManyRequests(waitLabel(limit.retryAfterSeconds)), 429, { "Retry-After": String(limit.retryAfterSeconds) });
  const data = await landingData(db, shop);
  if (!data) {
    const notice = { kind: "notice" as const, status: 404, title: "Expert help isn't available right now", message: "Please check back soon, or keep browsing the store.", restart: false };
    return liquid(renderNotice(notice, prefix), 404, { "Cache-Control": "no-store" });
  }
  await countPlacements(db, shop, { placements: ["landing"], source: url.searchParams.get("source") || url.searchParams.get("utm_source"), counter: "impressions" });
  return liquid(renderLanding(data, landingCtaUrl(prefix, url.searchParams)));
};
