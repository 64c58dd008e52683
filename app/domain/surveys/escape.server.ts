// Output escaping for the storefront pages. They are Liquid responses: Shopify renders
// them inside the theme, so anything we print is first HTML and then Liquid. Data from
// shoppers and merchants is HTML-escaped, and its braces become entities too, so a "{{" or
// "{%" in an answer, a name or a prompt is shown as text and never evaluated by Shopify.

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "{": "&#123;",
  "}": "&#125;",
};

/** Escapes text for HTML element content and quoted attribute values, Liquid-safe. */
export function esc(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value).replace(/[&<>"'{}]/g, (c) => ENTITIES[c]!);
}

/** A URL for an href/src: only http(s) and site-relative paths; anything else becomes "#". */
export function safeUrl(url: string | null | undefined): string {
  const value = (url ?? "").trim();
  if (/^https?:\/\//i.test(value) || (value.startsWith("/") && !value.startsWith("//"))) return esc(value);
  return "#";
}
