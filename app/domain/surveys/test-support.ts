// Test fixtures for the survey runner: a shop with the program on, its consent wording, a
// published 4-question survey with the phone-and-consent step (last by default), experts,
// and signed app proxy requests (GET and form POST) as Shopify's proxy sends them.
import { db } from "~/db.server";
import { currentConsentWording } from "~/domain/settings/consent.server";
import { appProxyRequest, uniqueShop } from "../../../test/helpers";

export const SHOPPER_IP = "203.0.113.10";
export const SHOPPER_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Test";
export const PREFIX = "/apps/concierge";

type ExpertSeed = { name: string; email?: string | null; photoUrl?: string | null; bio?: string | null; availability?: string; capacity?: number; active?: boolean; lastAssignedAt?: Date | null; specialties?: string[] };

const options = (labels: string[]) => JSON.stringify(labels.map((label) => ({ value: label.toLowerCase().replace(/[^a-z0-9]+/g, "_"), label })));

export async function surveyShop(opts: { phonePosition?: number; experts?: ExpertSeed[]; abandonedSurveyMinutes?: number; programEnabled?: boolean } = {}) {
  const shop = uniqueShop();
  await db.shop.create({
    data: {
      shop: shop.domain,
      name: "Lumen & Leaf",
      email: "owner@lumen.test",
      programEnabled: opts.programEnabled ?? true,
      timezone: "America/New_York",
      abandonedSurveyMinutes: opts.abandonedSurveyMinutes ?? 30,
    },
  });
  const wording = await currentConsentWording(db, shop.domain);
  const phonePosition = opts.phonePosition ?? 4;
  const base = [
    { type: "single_choice", prompt: "What can we help with today?", helpText: "Pick the closest.", options: options(["Skin care", "Hair care", "Body & bath", "A gift"]) },
    { type: "multi_choice", prompt: "Which of these are you working on?", helpText: "Choose all that apply.", options: options(["Dryness", "Breakouts", "Dullness", "Frizz"]) },
    { type: "true_false", prompt: "Is your skin sensitive or easily irritated?", options: options(["Yes", "No"]) },
    { type: "short_text", prompt: "Anything else your expert should know?", required: false, helpText: "Products you love, things to avoid…" },
  ];
  const ordered: Array<Record<string, unknown>> = [...base];
  ordered.splice(phonePosition, 0, { type: "phone_consent", prompt: "Where should your expert text you?" });
  const survey = await db.survey.create({
    data: {
      shop: shop.domain,
      key: "fit-finder",
      version: 1,
      title: "Find your routine",
      intro: "Four quick questions, then an expert texts you.",
      status: "published",
      publishedAt: new Date(),
      questions: { create: ordered.map((q, position) => ({ shop: shop.domain, position, ...(q as { type: string; prompt: string }) })) },
    },
    include: { questions: { orderBy: { position: "asc" } } },
  });
  const byType = (type: string) => survey.questions.find((q) => q.type === type)!;
  const questions = {
    help: byType("single_choice"),
    concerns: byType("multi_choice"),
    sensitive: byType("true_false"),
    notes: byType("short_text"),
    phone: byType("phone_consent"),
  };
  const experts = [];
  for (const e of opts.experts ?? [{ name: "Ava Brooks", email: "ava@lumen.test", photoUrl: "https://cdn.example.com/ava.png", bio: "Licensed esthetician." }]) {
    experts.push(
      await db.expert.create({
        data: {
          shop: shop.domain,
          name: e.name,
          email: e.email ?? null,
          photoUrl: e.photoUrl ?? null,
          bio: e.bio ?? null,
          availability: e.availability ?? "online",
          capacity: e.capacity ?? 25,
          active: e.active ?? true,
          lastAssignedAt: e.lastAssignedAt ?? null,
          specialties: JSON.stringify(e.specialties ?? []),
        },
      }),
    );
  }
  return { ...shop, survey, questions, experts, wording };
}

/** Storefront path (/apps/concierge/…) → app path (/proxy/…), with Shopify's path_prefix. */
export function appPath(storefrontPath: string): string {
  const url = new URL(storefrontPath, "https://shop.test");
  const path = url.pathname.replace(/^\/apps\/concierge/, "/proxy").replace(/\/$/, "") || "/proxy";
  url.searchParams.set("path_prefix", PREFIX);
  return `${path}?${url.searchParams.toString()}`;
}

const shopperHeaders = (extra: Record<string, string> = {}) => ({ "X-Forwarded-For": `${SHOPPER_IP}, 10.0.0.1`, "User-Agent": SHOPPER_UA, ...extra });

export async function proxyGet(storefrontPath: string, shopName: string, opts: { stale?: boolean; forge?: boolean } = {}) {
  const signed = await appProxyRequest(appPath(storefrontPath), shopName, opts);
  return new Request(signed.url, { headers: shopperHeaders() });
}

export async function proxyPost(
  storefrontPath: string,
  shopName: string,
  form: Record<string, string | string[]>,
  opts: { stale?: boolean; forge?: boolean; headers?: Record<string, string> } = {},
) {
  const signed = await appProxyRequest(appPath(storefrontPath), shopName, opts);
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  return new Request(signed.url, {
    method: "POST",
    headers: shopperHeaders({ "Content-Type": "application/x-www-form-urlencoded", ...opts.headers }),
    body: body.toString(),
  });
}

/** The token and step of a redirect to the survey. */
export function redirectTarget(res: Response) {
  const location = res.headers.get("Location") ?? "";
  const url = new URL(location, "https://shop.test");
  return { location, path: url.pathname, token: url.searchParams.get("r"), step: url.searchParams.get("step"), sent: url.searchParams.get("sent") };
}
