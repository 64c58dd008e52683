// Where a recipient probably is, from their phone number: country, US state / Canadian
// province and IANA time zone. Quiet hours depend on it (TCPA/FTSA rules follow the
// recipient, not the shop).
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { geocoder, timezones } from "libphonenumber-geo-carrier";
import { isValidTimeZone, utcOffsetMs } from "./quiet-hours.server";

export interface RecipientRegion {
  /** ISO 3166-1 alpha-2, e.g. "US", "CA", "GB". */
  country: string | null;
  /** Two-letter US state (incl. "DC") or Canadian province code. */
  state: string | null;
  /** IANA time zone, or null when the number spans zones we can't choose between. */
  timezone: string | null;
}

export const US_STATES: Readonly<Record<string, string>> = {
  Alabama: "AL", Alaska: "AK", Arizona: "AZ", Arkansas: "AR", California: "CA", Colorado: "CO",
  Connecticut: "CT", Delaware: "DE", Florida: "FL", Georgia: "GA", Hawaii: "HI", Idaho: "ID",
  Illinois: "IL", Indiana: "IN", Iowa: "IA", Kansas: "KS", Kentucky: "KY", Louisiana: "LA",
  Maine: "ME", Maryland: "MD", Massachusetts: "MA", Michigan: "MI", Minnesota: "MN",
  Mississippi: "MS", Missouri: "MO", Montana: "MT", Nebraska: "NE", Nevada: "NV",
  "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY",
  "North Carolina": "NC", "North Dakota": "ND", Ohio: "OH", Oklahoma: "OK", Oregon: "OR",
  Pennsylvania: "PA", "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD",
  Tennessee: "TN", Texas: "TX", Utah: "UT", Vermont: "VT", Virginia: "VA",
  // The geocoder disambiguates these two from the state name itself.
  Washington: "WA", "Washington State": "WA", "Washington D.C.": "DC", "District of Columbia": "DC",
  "West Virginia": "WV", Wisconsin: "WI", Wyoming: "WY",
};

export const CANADIAN_PROVINCES: Readonly<Record<string, string>> = {
  Alberta: "AB", "British Columbia": "BC", "British Colombia": "BC", Manitoba: "MB",
  "New Brunswick": "NB", "Newfoundland and Labrador": "NL", "Nova Scotia": "NS",
  Ontario: "ON", "Prince Edward Island": "PE", Quebec: "QC", Saskatchewan: "SK",
  "Northwest Territories": "NT", Nunavut: "NU", Yukon: "YT",
};

const US_CODES = new Set(Object.values(US_STATES));
const CA_CODES = new Set(Object.values(CANADIAN_PROVINCES));

// Where an area code spans zones, the zone most of its people live in.
const PRIMARY_ZONE_BY_STATE: Readonly<Record<string, string>> = {
  AK: "America/Anchorage",
  AZ: "America/Phoenix",
  ID: "America/Boise",
  NV: "America/Los_Angeles",
  ND: "America/Chicago",
  SD: "America/Chicago",
  NL: "America/St_Johns",
};

// When candidate zones keep identical clocks, name the one people recognise.
const PREFERRED_ZONES = ["Europe/London", "Europe/Rome", "Europe/Oslo", "Europe/Helsinki", "Europe/Madrid"];

/** Maps a geocoder description ("Florida", "San Francisco, CA", "Washington D.C.") to a code. */
export function regionCodeFromGeocode(description: string | null, country: string | null): string | null {
  if (!description || (country !== "US" && country !== "CA")) return null;
  const codes = country === "US" ? US_CODES : CA_CODES;
  const names = country === "US" ? US_STATES : CANADIAN_PROVINCES;
  const suffix = /,\s*([A-Z]{2})$/.exec(description.trim());
  if (suffix) return codes.has(suffix[1]) ? suffix[1] : null;
  return names[description.trim()] ?? null;
}

/** One zone from the candidates, or null when they disagree and nothing breaks the tie. */
export function pickTimezone(candidates: readonly string[] | null, state: string | null): string | null {
  const zones = (candidates ?? []).filter(isValidTimeZone);
  if (zones.length === 0) return null;
  if (zones.length === 1) return zones[0];
  if (zonesKeepSameClock(zones)) return PREFERRED_ZONES.find((zone) => zones.includes(zone)) ?? zones[0];
  return (state && PRIMARY_ZONE_BY_STATE[state]) || null;
}

// Same UTC offset at 24 instants across two years: covers both DST transitions.
function zonesKeepSameClock(zones: readonly string[]): boolean {
  for (let month = 0; month < 24; month++) {
    const at = Date.UTC(2025, month, 15, 12);
    const offset = utcOffsetMs(zones[0], at);
    if (zones.some((zone) => utcOffsetMs(zone, at) !== offset)) return false;
  }
  return true;
}

const EMPTY: RecipientRegion = Object.freeze({ country: null, state: null, timezone: null });
const CACHE_LIMIT = 10_000;
const cache = new Map<string, Promise<RecipientRegion>>();

/** Looks up country, state/province and time zone for an E.164 number. Cached per number. */
export function recipientRegion(phone: string | null | undefined): Promise<RecipientRegion> {
  const key = phone?.trim() ?? "";
  if (!key) return Promise.resolve(EMPTY);
  const cached = cache.get(key);
  if (cached) return cached;
  const lookup = lookUpRegion(key);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, lookup);
  // A failed lookup (e.g. unreadable data file) is retried next time rather than cached.
  lookup.catch(() => cache.delete(key));
  return lookup;
}

async function lookUpRegion(phone: string): Promise<RecipientRegion> {
  const parsed = parsePhoneNumberFromString(phone);
  if (!parsed || !parsed.isPossible()) return EMPTY;
  const country = parsed.country ?? null;
  const [description, zones] = await Promise.all([geocoder(parsed), timezones(parsed)]);
  const state = regionCodeFromGeocode(description, country);
  return { country, state, timezone: pickTimezone(zones, state) };
}

export type TimezoneSource = "shopper" | "phone" | "shop";

/**
 * The zone quiet hours are computed in: the shopper's own (e.g. captured by the survey),
 * else the one their number implies, else the shop's. Invalid zones are skipped.
 */
export async function resolveRecipientTimezone(input: {
  shopperTimezone?: string | null;
  phone?: string | null;
  shopTimezone: string;
}): Promise<{ timezone: string; source: TimezoneSource }> {
  if (input.shopperTimezone && isValidTimeZone(input.shopperTimezone)) {
    return { timezone: input.shopperTimezone, source: "shopper" };
  }
  const region = await recipientRegion(input.phone);
  if (region.timezone) return { timezone: region.timezone, source: "phone" };
  if (!isValidTimeZone(input.shopTimezone)) {
    // Shopify always gives an IANA zone; a bad one is a bug we want to see, not guess around.
    throw new RangeError(`shop time zone "${input.shopTimezone}" is not a valid IANA time zone`);
  }
  return { timezone: input.shopTimezone, source: "shop" };
}

/** Everything the send policy needs about the recipient, in one lookup. */
export async function resolveRecipient(input: {
  shopperTimezone?: string | null;
  phone?: string | null;
  shopTimezone: string;
}): Promise<{ country: string | null; state: string | null; timezone: string; timezoneSource: TimezoneSource }> {
  const [region, zone] = await Promise.all([recipientRegion(input.phone), resolveRecipientTimezone(input)]);
  return { country: region.country, state: region.state, timezone: zone.timezone, timezoneSource: zone.source };
}

/** Test hook: forget cached lookups. */
export function clearRecipientRegionCache(): void {
  cache.clear();
}
