// Deterministic fake phone numbers for the AvailablePhoneNumbers search, and the rough
// geography Twilio attaches to inbound webhooks. Subscriber numbers are 555-01XX, the
// range reserved for fiction in North America, so no real line is ever named.

export interface AreaCodeInfo {
  areaCode: string;
  isoCountry: "US" | "CA";
  locality: string;
  region: string;
  postalCode: string;
  lata: string;
  latitude: number;
  longitude: number;
}

export const localAreaCodes: readonly AreaCodeInfo[] = [
  { areaCode: "415", isoCountry: "US", locality: "San Francisco", region: "CA", postalCode: "94105", lata: "722", latitude: 37.79, longitude: -122.4 },
  { areaCode: "212", isoCountry: "US", locality: "New York", region: "NY", postalCode: "10001", lata: "132", latitude: 40.75, longitude: -73.99 },
  { areaCode: "312", isoCountry: "US", locality: "Chicago", region: "IL", postalCode: "60601", lata: "358", latitude: 41.88, longitude: -87.62 },
  { areaCode: "512", isoCountry: "US", locality: "Austin", region: "TX", postalCode: "78701", lata: "558", latitude: 30.27, longitude: -97.74 },
  { areaCode: "305", isoCountry: "US", locality: "Miami", region: "FL", postalCode: "33101", lata: "460", latitude: 25.77, longitude: -80.19 },
  { areaCode: "206", isoCountry: "US", locality: "Seattle", region: "WA", postalCode: "98101", lata: "674", latitude: 47.61, longitude: -122.33 },
  { areaCode: "500", isoCountry: "US", locality: "", region: "", postalCode: "", lata: "", latitude: 0, longitude: 0 },
  { areaCode: "416", isoCountry: "CA", locality: "Toronto", region: "ON", postalCode: "M5H", lata: "", latitude: 43.65, longitude: -79.38 },
  { areaCode: "604", isoCountry: "CA", locality: "Vancouver", region: "BC", postalCode: "V6B", lata: "", latitude: 49.28, longitude: -123.12 },
];

export const tollFreePrefixes = ["833", "844", "855", "866", "877", "888"] as const;

export interface CandidateNumber {
  phoneNumber: string;
  friendlyName: string;
  area: AreaCodeInfo | null;
  isoCountry: string;
}

export function friendlyName(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

function block(prefix: string): string[] {
  return Array.from({ length: 100 }, (_, i) => `+1${prefix}55501${String(100 + i).slice(1)}`);
}

export function localCandidates(isoCountry: string, areaCode?: string): CandidateNumber[] {
  return localAreaCodes
    .filter((a) => a.isoCountry === isoCountry && a.areaCode !== "500" && (!areaCode || a.areaCode === areaCode))
    .flatMap((area) => block(area.areaCode).map((phoneNumber) => ({ phoneNumber, friendlyName: friendlyName(phoneNumber), area, isoCountry })));
}

export function tollFreeCandidates(isoCountry: string, areaCode?: string): CandidateNumber[] {
  if (isoCountry !== "US" && isoCountry !== "CA") return [];
  return tollFreePrefixes
    .filter((p) => !areaCode || p === areaCode)
    .flatMap((prefix) => block(prefix).map((phoneNumber) => ({ phoneNumber, friendlyName: friendlyName(phoneNumber), area: null, isoCountry })));
}

const keypad: Record<string, string> = Object.fromEntries(
  Object.entries({ "2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO", "7": "PQRS", "8": "TUV", "9": "WXYZ" }).flatMap(
    ([digit, letters]) => [...letters].map((l) => [l, digit]),
  ),
);

/**
 * Twilio's `Contains` pattern: letters map to keypad digits, `*` is one digit, `%` any run of
 * digits, a leading `+` anchors at the start and a trailing `$` at the end.
 */
export function containsPatternMatcher(pattern: string): (e164: string) => boolean {
  const anchoredStart = pattern.startsWith("+");
  const anchoredEnd = pattern.endsWith("$");
  const core = pattern.replace(/^\+/, "").replace(/\$$/, "");
  const source = [...core.toUpperCase()]
    .map((c) => (c === "*" ? "\\d" : c === "%" ? "\\d*" : /[A-Z]/.test(c) ? keypad[c] : /\d/.test(c) ? c : ""))
    .join("");
  const regex = new RegExp(`${anchoredStart ? "^" : ""}${source}${anchoredEnd ? "$" : ""}`);
  return (e164) => regex.test(e164.replace(/^\+/, ""));
}

/** IncomingPhoneNumbers' `PhoneNumber` filter: partial numbers, `*` for any digit. */
export function partialNumberMatcher(pattern: string): (e164: string) => boolean {
  const source = [...pattern.replace(/^\+/, "")].map((c) => (c === "*" ? "\\d" : /\d/.test(c) ? c : "")).join("");
  const regex = new RegExp(source);
  return (e164) => regex.test(e164.replace(/^\+/, ""));
}

const countryPrefixes: [string, string][] = [
  ["+44", "GB"],
  ["+61", "AU"],
  ["+49", "DE"],
  ["+33", "FR"],
  ["+34", "ES"],
  ["+52", "MX"],
];

export interface NumberGeography {
  country: string;
  state: string;
  city: string;
  zip: string;
}

/** What Twilio puts in ToCountry/ToState/ToCity/ToZip (and From…): blanks when unknown. */
export function numberGeography(e164: string): NumberGeography {
  const na = /^\+1(\d{3})/.exec(e164);
  if (na) {
    const area = localAreaCodes.find((a) => a.areaCode === na[1]);
    return area
      ? { country: area.isoCountry, state: area.region, city: area.locality.toUpperCase(), zip: area.postalCode }
      : { country: "US", state: "", city: "", zip: "" };
  }
  const country = countryPrefixes.find(([prefix]) => e164.startsWith(prefix))?.[1] ?? "";
  return { country, state: "", city: "", zip: "" };
}
