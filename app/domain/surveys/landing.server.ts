// The program's landing page (/apps/concierge): who the experts are, how it works, the
// concierge incentive, and a call to action into the survey that keeps the visit's UTM
// parameters and marks the placement as "landing". A Liquid page, no JavaScript.
import type { Db } from "~/db.server";
import { loadPlacement } from "~/domain/promotion/placements.server";
import { esc, safeUrl } from "./escape.server";
import { shopNameOf } from "./first-contact.server";
import { STYLE, surveyUrl } from "./render.server";

export type LandingExpert = { name: string; photoUrl: string | null; bio: string | null; specialties: string[]; online: boolean };
export type LandingOffer = { title: string; headline: string };
export type LandingCopy = { headline: string | null; intro: string | null };
export type LandingData = { shopName: string; experts: LandingExpert[]; offer: LandingOffer | null; copy: LandingCopy };

const parseList = (raw: string): string[] => {
  try {
    const list = JSON.parse(raw) as unknown;
    return Array.isArray(list) ? list.map(String).filter(Boolean).slice(0, 10) : [];
  } catch {
    return [];
  }
};

export function offerHeadline(offer: { valueType: string; value: number }, currencyCode: string): string {
  switch (offer.valueType) {
    case "percentage":
      return `${Number(offer.value.toFixed(2))}% off your expert's picks`;
    case "fixed_amount": {
      let amount: string;
      try {
        amount = new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode }).format(offer.value);
      } catch {
        amount = `${offer.value.toFixed(2)} ${currencyCode}`;
      }
      return `${amount} off your expert's picks`;
    }
    case "free_shipping":
      return "Free shipping on your expert's picks";
    default:
      return "A thank-you offer on your expert's picks";
  }
}

/** null when the program is off (or the app uninstalled). */
export async function landingData(db: Db, shop: string, now = new Date()): Promise<LandingData | null> {
  const shopRow = await db.shop.findUnique({ where: { shop }, select: { name: true, programEnabled: true, uninstalledAt: true, currencyCode: true } });
  if (!shopRow || !shopRow.programEnabled || shopRow.uninstalledAt) return null;
  // The merchant's landing placement: off hides the page; its copy replaces the defaults.
  const placement = await loadPlacement(db, shop, "landing");
  if (!placement.enabled) return null;
  const [experts, offer] = await Promise.all([
    db.expert.findMany({
      where: { shop, active: true },
      select: { name: true, photoUrl: true, bio: true, specialties: true, availability: true },
      orderBy: [{ isDefault: "desc" }, { name: "asc" }],
      take: 12,
    }),
    db.offer.findFirst({
      where: {
        shop,
        isConcierge: true,
        status: "active",
        AND: [{ OR: [{ startsAt: null }, { startsAt: { lte: now } }] }, { OR: [{ endsAt: null }, { endsAt: { gt: now } }] }],
      },
      orderBy: [{ priority: "desc" }, { createdAt: "desc" }],
      select: { title: true, valueType: true, value: true },
    }),
  ]);
  return {
    shopName: shopNameOf(shop, shopRow.name),
    experts: experts.map((e) => ({ name: e.name, photoUrl: e.photoUrl, bio: e.bio, specialties: parseList(e.specialties), online: e.availability === "online" })),
    offer: offer ? { title: offer.title, headline: offerHeadline(offer, shopRow.currencyCode) } : null,
    copy: { headline: placement.copy.headline?.trim() || null, intro: placement.copy.intro?.trim() || null },
  };
}

const CARRIED = ["utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "source"] as const;

/** The survey link: placement=landing plus the visit's UTM/source parameters (capped, never the proxy's own). */
export function landingCtaUrl(prefix: string, query: URLSearchParams): string {
  const params: Record<string, string> = { placement: "landing" };
  for (const key of CARRIED) {
    const value = query.get(key)?.trim().slice(0, 100);
    if (value) params[key] = value;
  }
  return surveyUrl(prefix, params);
}

export function renderLanding(data: LandingData, ctaUrl: string): string {
  const experts = data.experts.length
    ? `<h2>Meet the experts</h2>
<ul class="cx__experts">
${data.experts
  .map(
    (e) => `<li class="cx__expert">${e.photoUrl ? `<img src="${safeUrl(e.photoUrl)}" alt="" width="80" height="80" loading="lazy">` : ""}<div>
<p><strong>${esc(e.name)}</strong>${e.online ? " · <span>online now</span>" : ""}</p>
${e.bio ? `<p>${esc(e.bio)}</p>` : ""}
${e.specialties.length ? `<p class="cx__tags">${e.specialties.map(esc).join(" · ")}</p>` : ""}
</div></li>`,
  )
  .join("\n")}
</ul>`
    : "";
  const offer = data.offer
    ? `<div class="cx__offer"><h2>${esc(data.offer.headline)}</h2><p>${esc(data.offer.title)}: your expert sends it with their recommendations.</p></div>`
    : "";
  return `${STYLE}
<section class="cx">
<div class="cx__wrap">
<p class="cx__eyebrow">${esc(data.shopName)} Concierge</p>
<h1 class="cx__prompt">${esc(data.copy.headline ?? "Personal advice from a real expert, by text")}</h1>
<p class="cx__help">${esc(data.copy.intro ?? "Tell us what you're looking for and one of our product experts texts you picks made for you. Free, no app, no account.")}</p>
<p><a class="cx__cta" href="${esc(ctaUrl)}">Get my expert</a></p>
${offer}
<h2>How it works</h2>
<ol class="cx__steps">
<li><strong>Answer a few quick questions</strong> about what you need.</li>
<li><strong>Meet your expert</strong>: they text you a personal hello.</li>
<li><strong>Get picks made for you</strong>, and ask anything along the way.</li>
</ol>
${experts}
<p><a class="cx__cta" href="${esc(ctaUrl)}">Start the survey</a></p>
</div>
</section>
`;
}
