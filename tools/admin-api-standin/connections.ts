// Turns a scenario's plain array of nodes into a Shopify connection page: search (`query`), `sortKey` and
// `reverse`, then `first`/`after` or `last`/`before`. Cursors carry the last node's sort value and id, as
// Shopify's do, so a page after a cursor is right even when nodes before it changed.
import { GraphQLError } from "graphql";
import { applySearch, idNumber, type SearchWarning } from "./search-query.ts";

/** Shopify's page size limit for connections. */
export const MAX_PAGE_SIZE = 250;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
  sortKey?: string | null;
  query?: string | null;
  /** Every node, as a bulk query reads a connection: no first or last needed, no page size limit. */
  unbounded?: boolean;
}

export interface ConnectionPage {
  edges: { cursor: string; node: unknown }[];
  nodes: unknown[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

type SortValue = number | string;
interface Keyed {
  node: unknown;
  key: [SortValue, SortValue];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function camelCase(enumValue: string): string {
  return enumValue.toLowerCase().replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function sortValue(node: unknown, sortKey: string | null | undefined, index: number): SortValue {
  if (!isRecord(node)) return index;
  if (!sortKey || sortKey === "ID") return idNumber(node.id) ?? index;
  if (sortKey === "RELEVANCE") return index;
  const value = node[camelCase(sortKey)];
  if (typeof value === "number") return value;
  if (typeof value === "string") return /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : value;
  return index;
}

function compareKeys(a: [SortValue, SortValue], b: [SortValue, SortValue]): number {
  for (const position of [0, 1] as const) {
    const left = a[position];
    const right = b[position];
    if (left === right) continue;
    if (typeof left === "number" && typeof right === "number") return left - right;
    return String(left).localeCompare(String(right));
  }
  return 0;
}

function encodeCursor(key: [SortValue, SortValue]): string {
  return Buffer.from(JSON.stringify({ last_value: key[0], last_id: key[1] })).toString("base64");
}

function decodeCursor(cursor: string): [SortValue, SortValue] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64").toString("utf8"));
    if (isRecord(parsed) && (typeof parsed.last_value === "number" || typeof parsed.last_value === "string") && (typeof parsed.last_id === "number" || typeof parsed.last_id === "string")) {
      return [parsed.last_value, parsed.last_id];
    }
  } catch {
    // Falls through to Shopify's answer for a cursor it did not issue.
  }
  throw new GraphQLError("Invalid cursor for current pagination sort.");
}

/** One page of `nodes` for the connection arguments; search warnings go to `warn`. */
export function connectionPage(all: readonly unknown[], args: ConnectionArgs, warn: (warnings: SearchWarning[]) => void): ConnectionPage {
  const first = args.first ?? null;
  const last = args.last ?? null;
  if (first === null && last === null && !args.unbounded) throw new GraphQLError("you must provide one of first or last");
  for (const size of [first, last]) {
    if (size !== null && (size < 0 || size > MAX_PAGE_SIZE)) throw new GraphQLError(`The page size must be between 0 and ${MAX_PAGE_SIZE}.`);
  }

  let nodes: unknown[] = [...all];
  if (args.query) {
    const searched = applySearch(nodes.filter(isRecord), args.query);
    if (searched.warnings.length > 0) warn(searched.warnings);
    nodes = searched.nodes;
  }
  let keyed: Keyed[] = nodes.map((node, index) => ({
    node,
    key: [sortValue(node, args.sortKey, index), isRecord(node) ? (idNumber(node.id) ?? index) : index],
  }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  if (args.reverse) keyed.reverse();
  const direction = args.reverse ? -1 : 1;

  const sorted = keyed;
  if (args.after) {
    const after = decodeCursor(args.after);
    keyed = keyed.filter((entry) => compareKeys(entry.key, after) * direction > 0);
  }
  if (args.before) {
    const before = decodeCursor(args.before);
    keyed = keyed.filter((entry) => compareKeys(entry.key, before) * direction < 0);
  }
  let page = keyed;
  if (first !== null) page = page.slice(0, first);
  if (last !== null) page = page.slice(Math.max(0, page.length - last));
  const firstOnPage = page[0];
  const lastOnPage = page.at(-1);

  const edges = page.map((entry) => ({ cursor: encodeCursor(entry.key), node: entry.node }));
  return {
    edges,
    nodes: page.map((entry) => entry.node),
    pageInfo: {
      hasNextPage: lastOnPage ? sorted.indexOf(lastOnPage) < sorted.length - 1 : false,
      hasPreviousPage: firstOnPage ? sorted.indexOf(firstOnPage) > 0 : false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
