// Small display helpers shared by the admin pages. Times are formatted in the shop's time
// zone from the loader's clock, so server and browser render the same text.

export function timeAgo(iso: string, nowIso: string, timeZone?: string): string {
  const seconds = Math.round((Date.parse(nowIso) - Date.parse(iso)) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} d ago`;
  return formatDate(iso, timeZone);
}

export function formatDate(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone }).format(new Date(iso));
}

export function formatDateTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone }).format(new Date(iso));
}

export function formatMoney(amount: string | number, currencyCode: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode }).format(Number(amount));
  } catch {
    return `${amount} ${currencyCode}`;
  }
}

export function shopperName(s: { firstName: string | null; lastName: string | null; phone: string }): string {
  return [s.firstName, s.lastName].filter(Boolean).join(" ").trim() || s.phone;
}

export const STAGE_LABELS: Record<string, string> = {
  intro: "Intro",
  empathy: "Empathy",
  expertise: "Expertise",
  recommendation: "Recommendation",
  closed: "Closed",
};

export const stageLabel = (stage: string) => STAGE_LABELS[stage] ?? stage;

/** "PARTIALLY_FULFILLED" → "Partially fulfilled". */
export const humanize = (value: string) => value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, " ");
