// Relay connections as Shopify serves them: opaque base64 cursors holding
// {"last_id", "last_value"}, first/after/last/before, reverse, and accurate pageInfo.
import { GraphQLError } from "graphql";

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  nodes: N[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const MAX_PAGE_SIZE = 250;

export function encodeCursor(id: number, value: string | number = id): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: String(value) })).toString("base64");
}

function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown };
    if (typeof parsed.last_id === "number") return parsed.last_id;
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST" } });
}

/**
 * Pages through `records` (already filtered and sorted). `idOf` gives the numeric id the
 * cursor encodes, `view` turns a record into its GraphQL object.
 */
export function paginate<R, N>(
  records: readonly R[],
  args: ConnectionArgs,
  idOf: (record: R) => number,
  view: (record: R) => N,
  options: { requireSize?: boolean } = {},
): Connection<N> {
  const { first, last, after, before } = args;
  if ((options.requireSize ?? true) && first == null && last == null) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  }
  for (const [name, size] of [["first", first], ["last", last]] as const) {
    if (size != null && (size < 0 || size > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`The '${name}' argument must be between 0 and ${MAX_PAGE_SIZE}.`, { extensions: { code: "BAD_REQUEST" } });
    }
  }
  const ordered = args.reverse ? [...records].reverse() : records;
  let start = 0;
  let end = ordered.length;
  if (after) {
    const id = decodeCursor(after);
    const index = ordered.findIndex((r) => idOf(r) === id);
    start = index >= 0 ? index + 1 : ordered.length;
  }
  if (before) {
    const id = decodeCursor(before);
    const index = ordered.findIndex((r) => idOf(r) === id);
    end = index >= 0 ? index : end;
  }
  end = Math.max(start, end);
  if (first != null) end = Math.min(end, start + first);
  if (last != null) start = Math.max(start, end - last);

  const page = ordered.slice(start, end);
  const edges = page.map((record) => ({ cursor: encodeCursor(idOf(record)), node: view(record) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: end < ordered.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Sorts a copy by a key (strings case-insensitively), ties broken by id like Shopify. */
export function sortBy<R>(records: Iterable<R>, key: (record: R) => string | number | null, idOf: (record: R) => number): R[] {
  return [...records].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) {
      if (ka === null) return 1;
      if (kb === null) return -1;
      if (typeof ka === "number" && typeof kb === "number") return ka - kb;
      return String(ka).localeCompare(String(kb), "en", { sensitivity: "base" }) || (String(ka) < String(kb) ? -1 : 1);
    }
    return idOf(a) - idOf(b);
  });
}
