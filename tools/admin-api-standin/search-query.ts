// The `query:` argument of Shopify's list fields (https://shopify.dev/docs/api/usage/search-syntax), applied to a
// scenario's nodes. Supported: terms joined by spaces or AND, `field:value`, the comparators `:>` `:>=` `:<` `:<=`,
// quoted values, a trailing `*` for prefixes, and negation with `-` or NOT. A search field is a node's property
// in snake_case (updated_at → updatedAt). As on Shopify, a field that the nodes do not have is ignored and
// reported in the response's `extensions.search` warnings. OR and parentheses are refused with an error rather
// than answered wrongly.
import { GraphQLError } from "graphql";

type Comparator = ":" | ":>" | ":>=" | ":<" | ":<=";

export interface SearchTerm {
  field: string;
  comparator: Comparator;
  value: string;
  negated: boolean;
}

export interface SearchWarning {
  field: string;
  message: string;
}

const TERM = /^(-)?([A-Za-z_][A-Za-z0-9_.]*)(:>=|:<=|:>|:<|:)(.*)$/s;

function tokens(query: string): string[] {
  const found: string[] = [];
  const pattern = /(?:[^\s"']+|"[^"]*"|'[^']*')+/g;
  for (const match of query.matchAll(pattern)) found.push(match[0]);
  return found;
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/s, "$2");
}

export function parseSearchQuery(query: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  let negateNext = false;
  for (const token of tokens(query)) {
    if (token === "AND") continue;
    if (token === "NOT") {
      negateNext = true;
      continue;
    }
    if (token === "OR" || token.startsWith("(") || token.endsWith(")")) {
      throw new GraphQLError(`The Admin API stand-in does not support "${token}" in search queries: ${query}`);
    }
    const match = TERM.exec(token);
    if (!match) throw new GraphQLError(`The Admin API stand-in supports only field:value search terms, not "${token}" (in ${query})`);
    const [, minus, field = "", comparator = ":", value = ""] = match;
    terms.push({ field, comparator: comparator as Comparator, value: unquote(value), negated: negateNext || minus === "-" });
    negateNext = false;
  }
  return terms;
}

function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** Numeric part of a gid (gid://shopify/Order/123 → 123), or the value itself. */
export function idNumber(value: unknown): number | null {
  const text = String(value);
  const tail = /(\d+)$/.exec(text);
  return tail ? Number(tail[1]) : null;
}

function compare(actual: unknown, expected: string): number | null {
  if (actual === null || actual === undefined) return null;
  const actualText = String(actual);
  const actualTime = typeof actual === "string" && /^\d{4}-\d{2}-\d{2}/.test(actualText) ? Date.parse(actualText) : Number.NaN;
  const expectedTime = /^\d{4}-\d{2}-\d{2}/.test(expected) ? Date.parse(expected) : Number.NaN;
  if (!Number.isNaN(actualTime) && !Number.isNaN(expectedTime)) return actualTime - expectedTime;
  if (typeof actual === "number" || typeof actual === "boolean") {
    const expectedNumber = expected === "true" ? 1 : expected === "false" ? 0 : Number(expected);
    return Number.isNaN(expectedNumber) ? null : Number(actual) - expectedNumber;
  }
  return actualText.toLowerCase().localeCompare(expected.toLowerCase());
}

function termMatches(node: Record<string, unknown>, term: SearchTerm): boolean {
  const key = camelCase(term.field);
  let result: boolean;
  if (term.field === "id") {
    const actual = idNumber(node.id);
    const expected = Number(term.value);
    const difference = actual === null ? null : actual - expected;
    result = difference !== null && comparatorHolds(term.comparator, difference);
  } else if (term.comparator === ":" && term.value.endsWith("*")) {
    result = String(node[key] ?? "").toLowerCase().startsWith(term.value.slice(0, -1).toLowerCase());
  } else {
    const difference = compare(node[key], term.value);
    result = difference !== null && comparatorHolds(term.comparator, difference);
  }
  return term.negated ? !result : result;
}

function comparatorHolds(comparator: Comparator, difference: number): boolean {
  switch (comparator) {
    case ":":
      return difference === 0;
    case ":>":
      return difference > 0;
    case ":>=":
      return difference >= 0;
    case ":<":
      return difference < 0;
    case ":<=":
      return difference <= 0;
  }
}

/** The nodes a search query selects, and warnings for the search fields they do not have. */
export function applySearch(nodes: readonly Record<string, unknown>[], query: string): { nodes: Record<string, unknown>[]; warnings: SearchWarning[] } {
  const terms = parseSearchQuery(query);
  const warnings: SearchWarning[] = [];
  const known = terms.filter((term) => {
    if (term.field === "id" || nodes.length === 0 || nodes.some((node) => camelCase(term.field) in node)) return true;
    warnings.push({ field: term.field, message: "Invalid search field for this query." });
    return false;
  });
  return { nodes: nodes.filter((node) => known.every((term) => termMatches(node, term))), warnings };
}
