// Storefront placements (FAB, banner, landing page): on/off and copy, the invite links made for
// email campaigns, and their impression/open/start counts.
//
// Copy and invite links share the Placement row's `copy` JSON, so every write is a
// compare-and-swap on that text: two saves at once can't drop each other's changes.
import { z } from "zod";
import type { Db } from "~/db.server";
import { validate, type FieldErrors } from "~/lib/validation";

export const PLACEMENT_KINDS = ["fab", "banner", "landing"] as const;
export type PlacementKind = (typeof PLACEMENT_KINDS)[number];

export const PLACEMENT_LABELS: Record<string, string> = { fab: "Floating button", banner: "Banner", landing: "Landing page" };

/**
 * Copy fields per placement with their limits. Empty means the storefront default: for the FAB
 * and banner the theme block's own setting if it has one, else the text in the shopper's language.
 */
export const COPY_FIELDS = {
  fab: { label: 40 },
  banner: { headline: 80, incentive: 160, cta: 40 },
  landing: { headline: 80, intro: 500 },
} as const satisfies Record<PlacementKind, Record<string, number>>;

// The English defaults, as in the theme extension's locale file and the landing page.
export const DEFAULT_COPY: { [K in PlacementKind]: Record<keyof (typeof COPY_FIELDS)[K], string> } = {
  fab: { label: "Ask an expert" },
  banner: {
    headline: "Talk to a real product expert",
    incentive: "Free, personal advice by text from people who know our products.",
    cta: "Get matched with an expert",
  },
  landing: {
    headline: "Talk to a real product expert",
    intro: "Answer a few quick questions and one of our experts will text you personal recommendations.",
  },
};

const FIELD_LABELS: Record<string, string> = { label: "Button label", headline: "Headline", incentive: "Incentive line", cta: "Button text", intro: "Intro" };

function copySchema(kind: PlacementKind) {
  const shape: Record<string, z.ZodType<string>> = {};
  for (const [field, max] of Object.entries(COPY_FIELDS[kind]))
    shape[field] = z.string().trim().max(max, `${FIELD_LABELS[field]} must be at most ${max} characters`).default("");
  return z.object({ enabled: z.enum(["on", "off"], { error: "Choose on or off" }), ...shape });
}

export type InviteLink = {
  url: string;
  placement: "landing";
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  utmContent: string | null;
  createdAt: string;
};

export const INVITE_LINK_HISTORY = 50;

const utm = (label: string, required: boolean) => {
  const base = z
    .string()
    .trim()
    .max(64, `${label} must be at most 64 characters`)
    .regex(/^[a-z0-9_-]*$/, `${label} may use only lowercase letters, digits, - and _`);
  return required ? base.min(1, `${label} is required`) : base.default("");
};

export const inviteLinkSchema = z.object({
  placement: z.literal("landing", { error: "Invite links open the landing page" }),
  utmSource: utm("Source", true),
  utmMedium: utm("Medium", true),
  utmCampaign: utm("Campaign", true),
  utmContent: utm("Content", false),
});

/** The landing page on the storefront, through the app proxy, with the campaign's UTM parameters. */
export function inviteLinkUrl(shop: string, p: { utmSource: string; utmMedium: string; utmCampaign: string; utmContent?: string | null }) {
  const query = new URLSearchParams({ utm_source: p.utmSource, utm_medium: p.utmMedium, utm_campaign: p.utmCampaign });
  if (p.utmContent) query.set("utm_content", p.utmContent);
  return `https://${shop}/apps/concierge?${query}`;
}

type StoredCopy = Record<string, unknown> & { inviteLinks?: InviteLink[] };

function parseCopy(json: string | undefined): StoredCopy {
  try {
    const parsed = JSON.parse(json ?? "{}") as unknown;
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as StoredCopy) : {};
  } catch {
    return {};
  }
}

/** Read-modify-write of one placement's copy, retried if someone else wrote in between. */
async function updatePlacement(db: Db, shop: string, kind: PlacementKind, change: (row: { enabled: boolean; copy: StoredCopy }) => { enabled: boolean; copy: StoredCopy }) {
  for (let attempt = 0; attempt < 10; attempt++) {
    // Jittered back-off so writers racing on the same row don't collide again in lockstep.
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    const row = await db.placement.findUnique({ where: { shop_kind: { shop, kind } } });
    const next = change({ enabled: row?.enabled ?? true, copy: parseCopy(row?.copy) });
    const copy = JSON.stringify(next.copy);
    if (!row) {
      try {
        return await db.placement.create({ data: { shop, kind, enabled: next.enabled, copy } });
      } catch (error) {
        if ((error as { code?: string }).code === "P2002") continue;
        throw error;
      }
    }
    const { count } = await db.placement.updateMany({ where: { id: row.id, copy: row.copy }, data: { enabled: next.enabled, copy } });
    if (count === 1) return db.placement.findUniqueOrThrow({ where: { id: row.id } });
  }
  throw new Error(`Placement ${kind} for ${shop} kept changing; giving up`);
}

export type PlacementView = {
  kind: PlacementKind;
  title: string;
  enabled: boolean;
  copy: Record<string, string>;
  defaults: Record<string, string>;
  fields: Array<{ name: string; label: string; max: number }>;
};

function placementView(kind: PlacementKind, row: { enabled: boolean; copy: string } | undefined): PlacementView {
  const stored = parseCopy(row?.copy);
  const copy: Record<string, string> = {};
  for (const field of Object.keys(COPY_FIELDS[kind])) copy[field] = typeof stored[field] === "string" ? (stored[field] as string) : "";
  const fields = Object.entries(COPY_FIELDS[kind]).map(([name, max]) => ({ name, label: FIELD_LABELS[name] ?? name, max }));
  return { kind, title: PLACEMENT_LABELS[kind]!, enabled: row?.enabled ?? true, copy, defaults: DEFAULT_COPY[kind], fields };
}

/** One placement as the storefront needs it: on/off and the merchant's copy ("" = default). */
export async function loadPlacement(db: Db, shop: string, kind: PlacementKind) {
  const row = await db.placement.findUnique({ where: { shop_kind: { shop, kind } }, select: { enabled: true, copy: true } });
  return placementView(kind, row ?? undefined);
}

/** All three placements; one never saved is on (the schema default) with default copy. */
export async function loadPlacements(db: Db, shop: string) {
  const rows = await db.placement.findMany({ where: { shop } });
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  const placements: PlacementView[] = PLACEMENT_KINDS.map((kind) => placementView(kind, byKind.get(kind)));
  const inviteLinks = (parseCopy(byKind.get("landing")?.copy).inviteLinks ?? []).slice(0, INVITE_LINK_HISTORY);
  return { placements, inviteLinks };
}

export async function savePlacement(db: Db, shop: string, kind: unknown, input: unknown) {
  if (!(PLACEMENT_KINDS as readonly unknown[]).includes(kind)) return { ok: false as const, errors: { form: "Unknown placement" } as FieldErrors };
  const placementKind = kind as PlacementKind;
  const parsed = validate(copySchema(placementKind), input);
  if (!parsed.ok) return parsed;
  const { enabled, ...fields } = parsed.data as Record<string, string>;
  await updatePlacement(db, shop, placementKind, ({ copy }) => {
    const next: StoredCopy = { ...copy };
    // Empty fields are dropped so the storefront default (in the shopper's language) applies.
    for (const field of Object.keys(COPY_FIELDS[placementKind])) {
      if (fields[field]) next[field] = fields[field];
      else delete next[field];
    }
    return { enabled: enabled === "on", copy: next };
  });
  return { ok: true as const, kind: placementKind };
}

/** Builds an invite link and puts it first in the landing page's history (deduplicated, max 50). */
export async function createInviteLink(db: Db, shop: string, input: unknown, now = new Date()) {
  const parsed = validate(inviteLinkSchema, input);
  if (!parsed.ok) return parsed;
  const v = parsed.data;
  const link: InviteLink = {
    url: inviteLinkUrl(shop, v),
    placement: "landing",
    utmSource: v.utmSource,
    utmMedium: v.utmMedium,
    utmCampaign: v.utmCampaign,
    utmContent: v.utmContent || null,
    createdAt: now.toISOString(),
  };
  await updatePlacement(db, shop, "landing", ({ enabled, copy }) => ({
    enabled,
    copy: { ...copy, inviteLinks: [link, ...(copy.inviteLinks ?? []).filter((l) => l.url !== link.url)].slice(0, INVITE_LINK_HISTORY) },
  }));
  return { ok: true as const, link };
}

export type FunnelCounts = { impressions: number; opens: number; starts: number; startRate: number | null };

const withRate = (c: { impressions: number; opens: number; starts: number }): FunnelCounts => ({
  ...c,
  startRate: c.impressions > 0 ? c.starts / c.impressions : null,
});

/** YYYY-MM-DD of `now` in the time zone, and of `days - 1` days earlier: a window of `days` days. */
export function dayWindow(now: Date, timeZone: string, days: number) {
  const to = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  const start = new Date(`${to}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - (days - 1));
  return { from: start.toISOString().slice(0, 10), to };
}

/** Impressions, opens and starts over the last `days` days (shop time), per placement and per source. */
export async function placementStats(db: Db, shop: string, timeZone: string, now = new Date(), days = 30) {
  const window = dayWindow(now, timeZone, days);
  const where = { shop, day: { gte: window.from, lte: window.to } };
  const sum = { impressions: true, opens: true, starts: true } as const;
  const [byPlacement, bySource] = await Promise.all([
    db.placementStat.groupBy({ by: ["placement"], where, _sum: sum }),
    db.placementStat.groupBy({ by: ["source"], where, _sum: sum }),
  ]);
  const counts = (s: { impressions: number | null; opens: number | null; starts: number | null }) => ({
    impressions: s.impressions ?? 0,
    opens: s.opens ?? 0,
    starts: s.starts ?? 0,
  });
  const placements = new Map(byPlacement.map((r) => [r.placement, counts(r._sum)]));
  // The three placements always show, even at zero; anything else recorded follows.
  const placementRows = [...new Set<string>([...PLACEMENT_KINDS, ...placements.keys()])].map((placement) => ({
    placement,
    ...withRate(placements.get(placement) ?? { impressions: 0, opens: 0, starts: 0 }),
  }));
  const sourceRows = bySource
    .map((r) => ({ source: r.source, ...withRate(counts(r._sum)) }))
    .sort((a, b) => b.impressions - a.impressions || a.source.localeCompare(b.source));
  const total = placementRows.reduce((t, r) => ({ impressions: t.impressions + r.impressions, opens: t.opens + r.opens, starts: t.starts + r.starts }), { impressions: 0, opens: 0, starts: 0 });
  return { ...window, byPlacement: placementRows, bySource: sourceRows, total: withRate(total) };
}
