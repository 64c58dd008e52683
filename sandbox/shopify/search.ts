// A small version of Shopify's search syntax for the `query:` argument:
// `title:*serum*`, `tag:bestseller`, `phone:+13055550142`, `created_at:>=2025-01-01`,
// `customer_id:123`, quoted values, `-field:x` / `NOT`, `OR`, and bare free text.
// Unknown fields are ignored, as Shopify does (it only warns).

export type FieldKind = "text" | "exact" | "tag" | "phone" | "number" | "date" | "boolean";
export type FieldValue = string | number | boolean | null | undefined | readonly string[];
export interface SearchField<T> {
  kind: FieldKind;
  get: (record: T) => FieldValue;
}
export interface SearchSpec<T> {
  fields: Record<string, SearchField<T>>;
  freeText: (record: T) => (string | null | undefined)[];
}

type Comparator = ":" | ":<" | ":>" | ":<=" | ":>=";
interface Term { field: string | null; comparator: Comparator; value: string; negated: boolean }

/** Splits into OR-groups of AND-ed terms. */
export function parseSearchQuery(query: string): Term[][] {
  const tokens = query.match(/-?[A-Za-z_.]+:(?:<=|>=|<|>)?(?:"[^"]*"|'[^']*'|[^\s()]+)|"[^"]*"|'[^']*'|[^\s()]+/g) ?? [];
  const groups: Term[][] = [[]];
  let negateNext = false;
  for (const token of tokens) {
    if (token === "OR") { groups.push([]); continue; }
    if (token === "AND") continue;
    if (token === "NOT") { negateNext = true; continue; }
    const negated = negateNext || token.startsWith("-");
    negateNext = false;
    const body = token.startsWith("-") ? token.slice(1) : token;
    const match = /^([A-Za-z_.]+)(:(?:<=|>=|<|>)?)(.*)$/.exec(body);
    const term: Term = match
      ? { field: match[1].toLowerCase(), comparator: match[2] as Comparator, value: unquote(match[3]), negated }
      : { field: null, comparator: ":", value: unquote(body), negated };
    groups[groups.length - 1].push(term);
  }
  return groups.filter((g) => g.length > 0);
}

const unquote = (value: string) => value.replace(/^(["'])(.*)\1$/, "$2");

export function matchesSearch<T>(record: T, query: string | null | undefined, spec: SearchSpec<T>): boolean {
  if (!query?.trim()) return true;
  const groups = parseSearchQuery(query);
  if (groups.length === 0) return true;
  return groups.some((terms) => terms.every((term) => matchTerm(record, term, spec) !== term.negated));
}

function matchTerm<T>(record: T, term: Term, spec: SearchSpec<T>): boolean {
  if (term.field === null) {
    const needle = term.value.replace(/\*/g, "").toLowerCase();
    return spec.freeText(record).some((text) => text?.toLowerCase().includes(needle));
  }
  const field = spec.fields[term.field];
  if (!field) return !term.negated; // ignored: neither narrows nor, when negated, excludes
  const raw = field.get(record);
  const values = Array.isArray(raw) ? (raw as readonly string[]) : [raw as Exclude<FieldValue, readonly string[]>];
  return values.some((value) => matchValue(field.kind, value, term));
}

function matchValue(kind: FieldKind, value: string | number | boolean | null | undefined, term: Term): boolean {
  if (term.value === "*") return value !== null && value !== undefined && value !== "";
  if (value === null || value === undefined) return false;
  switch (kind) {
    case "number":
      return compare(Number(value), Number(term.value.replace(/^gid:\/\/shopify\/\w+\//, "")), term.comparator);
    case "date": {
      const wanted = Date.parse(term.value);
      return !Number.isNaN(wanted) && compare(Date.parse(String(value)), wanted, term.comparator);
    }
    case "boolean":
      return String(value) === term.value.toLowerCase();
    case "phone": {
      const have = String(value).replace(/\D/g, "");
      const want = term.value.replace(/\D/g, "");
      return want.length > 0 && (have === want || have.endsWith(want) || want.endsWith(have));
    }
    case "exact":
    case "tag":
      return wildcard(term.value, true).test(String(value));
    case "text": {
      const text = String(value);
      if (term.value.includes("*")) return wildcard(term.value, true).test(text);
      // Without wildcards Shopify matches whole words (and phrases) in text fields.
      return new RegExp(`(^|\\W)${escape(term.value)}($|\\W)`, "i").test(text);
    }
  }
}

function compare(have: number, want: number, comparator: Comparator): boolean {
  if (Number.isNaN(have) || Number.isNaN(want)) return false;
  switch (comparator) {
    case ":<": return have < want;
    case ":>": return have > want;
    case ":<=": return have <= want;
    case ":>=": return have >= want;
    default: return have === want;
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const wildcard = (pattern: string, whole: boolean) =>
  new RegExp(`${whole ? "^" : ""}${pattern.split("*").map(escape).join(".*")}${whole ? "$" : ""}`, "i");
