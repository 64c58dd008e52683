// Placement counters: per shop, placement (FAB, banner, landing page), source and day in
// the shop's time zone, how often a placement was seen (impression), opened the survey
// (open) and led to a first saved answer (start). One upsert-increment per event.
import { directSql, type Db } from "~/db.server";
import { newRowId } from "~/lib/ids.server";

export const PLACEMENTS = ["fab", "banner", "landing"] as const;
export type Placement = (typeof PLACEMENTS)[number];
export type PlacementCounter = "impressions" | "opens" | "starts";

export const isPlacement = (value: unknown): value is Placement => typeof value === "string" && (PLACEMENTS as readonly string[]).includes(value);

/** A source label for the counters: lower case, at most 100 safe characters, "direct" if none. */
export function normalizeSource(raw: string | null | undefined): string {
  const cleaned = (raw ?? "")
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9 ._:@/+-]/g, "")
    .slice(0, 100)
    .trim();
  return cleaned || "direct";
}

/** YYYY-MM-DD of `at` in `timezone` (UTC if the zone is unknown). */
export function dayIn(timezone: string, at: Date): string {
  const format = dayFormat(timezone);
  return format ? format.format(at) : at.toISOString().slice(0, 10);
}

// Creating a DateTimeFormat costs far more than formatting with one: one per zone.
const dayFormats = new Map<string, Intl.DateTimeFormat | null>();

function dayFormat(timezone: string) {
  let format = dayFormats.get(timezone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" });
    } catch {
      format = null; // unknown zone: UTC
    }
    if (dayFormats.size > 1_000) dayFormats.clear();
    dayFormats.set(timezone, format);
  }
  return format;
}

// Shop time zones change rarely; a minute's cache saves a query on every beacon.
const TZ_TTL_MS = 60_000;
const zones = new Map<string, { timezone: string; at: number }>();

async function shopTimezone(db: Db, shop: string): Promise<string> {
  const cached = zones.get(shop);
  if (cached && Date.now() - cached.at < TZ_TTL_MS) return cached.timezone;
  const row = await db.shop.findUnique({ where: { shop }, select: { timezone: true } });
  const timezone = row?.timezone ?? "UTC";
  if (zones.size > 10_000) zones.clear();
  zones.set(shop, { timezone, at: Date.now() });
  return timezone;
}

/** Adds one to a counter for each placement given (unknown placements are ignored). */
export async function countPlacements(
  db: Db,
  shop: string,
  input: { placements: readonly string[]; source: string | null | undefined; counter: PlacementCounter; at?: Date; timezone?: string },
): Promise<number> {
  const placements = [...new Set(input.placements.filter(isPlacement))];
  if (placements.length === 0) return 0;
  const source = normalizeSource(input.source);
  const day = dayIn(input.timezone ?? (await shopTimezone(db, shop)), input.at ?? new Date());
  await Promise.all(placements.map((placement) => increment(db, { shop, placement, source, day }, input.counter)));
  return placements.length;
}

// One atomic statement, the same on SQLite and PostgreSQL: insert the day's row or add the
// event's one to it (`excluded` is the row that would have been inserted). Direct SQL
// (db.server.ts) because it runs on every storefront event.
async function increment(db: Db, key: { shop: string; placement: string; source: string; day: string }, counter: PlacementCounter) {
  const add = (c: PlacementCounter) => (c === counter ? 1 : 0);
  await directSql(db).execute`
    INSERT INTO "PlacementStat" ("id", "shop", "placement", "source", "day", "impressions", "opens", "starts")
    VALUES (${newRowId()}, ${key.shop}, ${key.placement}, ${key.source}, ${key.day}, ${add("impressions")}, ${add("opens")}, ${add("starts")})
    ON CONFLICT ("shop", "placement", "source", "day") DO UPDATE SET
      "impressions" = "PlacementStat"."impressions" + excluded."impressions",
      "opens" = "PlacementStat"."opens" + excluded."opens",
      "starts" = "PlacementStat"."starts" + excluded."starts"`;
}

/** Parses the launcher's beacon body: `placements=fab,banner&source=…&template=…`. */
export function parseBeacon(body: string): { placements: Placement[]; source: string } {
  const params = new URLSearchParams(body);
  const placements = (params.get("placements") ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(isPlacement)
    .slice(0, PLACEMENTS.length);
  return { placements: [...new Set(placements)], source: normalizeSource(params.get("source")) };
}
