// /apps/concierge/survey (through the app proxy): the storefront survey, one step per page.
// GET renders the current step or the thank-you screen; POST saves one step and redirects
// (303) to the next. Liquid responses, so Shopify wraps them in the theme's layout.
// URL design and rules: app/domain/surveys/runner.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { verifyAppProxy } from "~/lib/app-proxy.server";
import { env } from "~/env.server";
import { outboxDeps } from "~/lib/outbox.server";
import { enqueueEmail, enqueueSurveyRescue } from "~/jobs/queues.server";
import { adminInboxLink } from "~/domain/surveys/links.server";
import { waitLabel } from "~/domain/surveys/rate-limit.server";
import { storefrontLimiter } from "~/domain/surveys/storefront-limiter.server";
import { clientIp, clientMeta, pathPrefix, readForm } from "~/domain/surveys/request-meta.server";
import { loadSurveyPage, submitSurveyStep, type PageView, type RunnerDeps } from "~/domain/surveys/runner.server";
import { renderNotice, renderStep, renderThanks, renderTooManyRequests, surveyUrl } from "~/domain/surveys/render.server";

const MAX_FORM_BYTES = 16 * 1024;

const runnerDeps = (shop: string): RunnerDeps => ({
  ...outboxDeps(shop),
  tokenSecret: env.ENCRYPTION_KEY,
  enqueueRescue: enqueueSurveyRescue,
  enqueueEmail,
  limiter: storefrontLimiter,
  inboxLink: adminInboxLink,
});

const liquid = (body: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "Content-Type": "application/liquid", "Cache-Control": "no-store", ...headers } });

function render(view: PageView, prefix: string, status?: number) {
  switch (view.kind) {
    case "step":
      return liquid(renderStep(view, prefix), status);
    case "thanks":
      return liquid(renderThanks(view), status);
    case "notice":
      return liquid(renderNotice(view, prefix), status ?? view.status);
  }
}

const tooMany = (seconds: number) => liquid(renderTooManyRequests(waitLabel(seconds)), 429, { "Retry-After": String(seconds) });

async function proxied(request: Request) {
  const { url, shop } = await verifyAppProxy(request);
  return { url, shop, prefix: pathPrefix(url) };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { url, shop, prefix } = await proxied(request);
  const limit = await storefrontLimiter.hit("page", shop, clientIp(request.headers));
  if (!limit.ok) return tooMany(limit.retryAfterSeconds);
  const view = await loadSurveyPage(runnerDeps(shop), shop, {
    token: url.searchParams.get("r"),
    step: url.searchParams.get("step"),
    query: Object.fromEntries(url.searchParams),
    sent: url.searchParams.get("sent") === "1",
  });
  return render(view, prefix);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { url, shop, prefix } = await proxied(request);
  if (request.method !== "POST") return liquid(renderNotice({ kind: "notice", status: 405, title: "Not allowed", message: "Use the survey form.", restart: true }, prefix), 405);
  const meta = clientMeta(request);
  const limit = await storefrontLimiter.hit("step", shop, meta.ip);
  if (!limit.ok) return tooMany(limit.retryAfterSeconds);
  const read = await readForm(request, MAX_FORM_BYTES);
  if (!read.ok) {
    return liquid(renderNotice({ kind: "notice", status: read.status, title: "We couldn't save that", message: read.message, restart: false }, prefix), read.status);
  }
  const token = url.searchParams.get("r");
  const result = await submitSurveyStep(runnerDeps(shop), shop, { token, form: read.form, meta });
  switch (result.kind) {
    case "redirect":
      return new Response(null, {
        status: 303,
        headers: { Location: surveyUrl(prefix, { r: result.token, step: result.step, sent: result.sent ? 1 : null }), "Cache-Control": "no-store" },
      });
    case "rate_limited":
      return tooMany(result.retryAfterSeconds);
    case "page":
      return render(result.view, prefix, result.status);
  }
};
