// Shopify's bulk queries, as the stand-in runs them: bulkOperationRunQuery checks the inner query against the
// schema and Shopify's bulk rules (at least one connection, at most five, nested at most two deep, no top-level
// node or nodes), runs it over the shop's scenario with every connection read to its end, and writes the JSONL
// Shopify would: one line per connection node, a nested node with `__parentId` (the nearest enclosing object with
// an id), its parent's line first. bulkOperation(id:) and currentBulkOperation answer RUNNING on the first look and
// COMPLETED after, so a client must poll; the result is served at `url` by fetch-interception.ts.
// https://shopify.dev/docs/api/usage/bulk-operations/queries
import { execute, getNamedType, getOperationAST, isObjectType, Kind, type FieldNode, type GraphQLObjectType, type SelectionSetNode } from "graphql";
import { adminSchema } from "./admin-schema.ts";
import { isConnectionType } from "./query-cost.ts";
import { indexObjectsById, resolveField, resolveType, type ResolveContext } from "./resolve-field.ts";
import type { RecordedRequest, ScenarioStore } from "./scenario-store.ts";
import { checkAdminDocument } from "./validate-admin-document.ts";

/** Where results are served from; Shopify's are on Google Cloud Storage too. */
export const BULK_RESULT_HOST = "storage.googleapis.com";
const BULK_RESULT_PATH = /^\/admin-api-standin\/([^/]+)\/(\d+)\.jsonl$/;

export interface StoredBulkOperation {
  id: string;
  query: string;
  createdAt: string;
  /** Looks at the operation so far: the first finds it running. */
  looks: number;
  jsonl: string;
  objectCount: number;
  rootObjectCount: number;
}

export interface BulkOperations {
  /** By shop, oldest first. */
  byShop: Map<string, StoredBulkOperation[]>;
  next: number;
}

export function createBulkOperations(): BulkOperations {
  return { byShop: new Map(), next: 1 };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Shopify's rules for a bulk query's shape; the messages are Shopify's. Empty when the query may run. */
export function bulkQueryProblems(query: string): string[] {
  const schema = adminSchema();
  const check = checkAdminDocument(query, schema);
  if (!check.valid) return check.errors.map((error) => error.message);
  const operation = getOperationAST(check.document);
  if (!operation || operation.operation !== "query") return ["Bulk queries must contain a single query operation."];
  const problems: string[] = [];
  let connections = 0;
  const walk = (selections: SelectionSetNode, parent: GraphQLObjectType, depth: number, root: boolean) => {
    for (const selection of selections.selections) {
      if (selection.kind !== Kind.FIELD) continue;
      const field = parent.getFields()[(selection as FieldNode).name.value];
      if (!field) continue;
      if (root && (field.name === "node" || field.name === "nodes")) problems.push("The top-level `node` and `nodes` fields can't be used in bulk queries.");
      const named = getNamedType(field.type);
      const isConnection = isConnectionType(named);
      if (isConnection) {
        connections += 1;
        if (depth + 1 > 2) problems.push("Bulk queries cannot contain connections with a nesting depth greater than 2.");
      }
      if (selection.selectionSet && isObjectType(named)) walk(selection.selectionSet, named, depth + (isConnection ? 1 : 0), false);
    }
  };
  const queryType = schema.getQueryType();
  if (queryType) walk(operation.selectionSet, queryType, 0, true);
  if (connections === 0) problems.push("Bulk queries must contain at least one connection.");
  if (connections > 5) problems.push("Bulk queries cannot contain more than 5 connections.");
  return problems;
}

interface Connection {
  edges: { node: unknown }[];
}

function isConnection(value: unknown): value is Connection {
  return isRecord(value) && Array.isArray(value.edges);
}

/** The JSONL lines of a bulk query's data: each connection node, without its own connections, which follow it. */
export function bulkLines(data: Record<string, unknown>): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  const emit = (node: unknown, parentId: string | undefined) => {
    const children: [Connection, string | undefined][] = [];
    const strip = (value: unknown, ownerId: string | undefined): unknown => {
      if (Array.isArray(value)) return value.map((item) => strip(item, ownerId));
      if (!isRecord(value)) return value;
      const own = typeof value.id === "string" ? value.id : ownerId;
      const copy: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        if (isConnection(child)) children.push([child, own]);
        else copy[key] = strip(child, own);
      }
      return copy;
    };
    const line = strip(node, parentId) as Record<string, unknown>;
    lines.push(parentId === undefined ? line : { ...line, __parentId: parentId });
    for (const [connection, owner] of children) for (const edge of connection.edges) emit(edge.node, owner);
  };
  for (const value of Object.values(data)) {
    if (isConnection(value)) for (const edge of value.edges) emit(edge.node, undefined);
  }
  return lines;
}

/** The operation as a query shows it; each query is a look (`look` false for the mutation's own answer). */
function bulkOperationValue(operation: StoredBulkOperation, shop: string, look = true) {
  if (look) operation.looks += 1;
  const done = operation.looks > 1;
  const number = /\/(\d+)$/.exec(operation.id)?.[1] ?? "0";
  return {
    __typename: "BulkOperation",
    id: operation.id,
    status: done ? "COMPLETED" : "RUNNING",
    errorCode: null,
    createdAt: operation.createdAt,
    completedAt: done ? new Date().toISOString() : null,
    objectCount: String(done ? operation.objectCount : Math.floor(operation.objectCount / 2)),
    rootObjectCount: String(done ? operation.rootObjectCount : Math.floor(operation.rootObjectCount / 2)),
    fileSize: done && operation.jsonl ? String(Buffer.byteLength(operation.jsonl)) : null,
    // Shopify gives no URL for an operation that found nothing.
    url: done && operation.jsonl ? `https://${BULK_RESULT_HOST}/admin-api-standin/${shop}/${number}.jsonl` : null,
    partialDataUrl: null,
    query: operation.query,
    type: "QUERY",
  };
}

/** The root fields of queries and mutations the stand-in answers for bulk operations, for one shop. */
export function bulkOperationFields(store: ScenarioStore, shop: string, request: RecordedRequest) {
  const operations = () => {
    let list = store.bulkOperations.byShop.get(shop);
    if (!list) {
      list = [];
      store.bulkOperations.byShop.set(shop, list);
    }
    return list;
  };
  return {
    query: {
      bulkOperation: (args: Record<string, unknown>) => {
        const found = operations().find((operation) => operation.id === args.id);
        return found ? bulkOperationValue(found, shop) : null;
      },
      currentBulkOperation: () => {
        const latest = operations().at(-1);
        return latest ? bulkOperationValue(latest, shop) : null;
      },
    },
    mutation: {
      bulkOperationRunQuery: async (args: Record<string, unknown>) => {
        const query = String(args.query);
        const problems = bulkQueryProblems(query);
        if (problems.length > 0) return { bulkOperation: null, userErrors: problems.map((message) => ({ field: ["query"], message, code: "INVALID" })) };
        const schema = adminSchema();
        const check = checkAdminDocument(query, schema);
        if (!check.valid) throw new Error("checked above");
        const scenario = store.shop(shop);
        const context: ResolveContext = { request, objectsById: indexObjectsById(scenario.query), searchReports: [], unboundedConnections: true };
        const result = await execute({ schema, document: check.document, rootValue: scenario.query, contextValue: context, fieldResolver: resolveField, typeResolver: resolveType });
        if (result.errors?.length) throw new Error(`the stand-in could not run the bulk query: ${result.errors.map((error) => error.message).join("; ")}`);
        const lines = bulkLines((result.data ?? {}) as Record<string, unknown>);
        const number = store.bulkOperations.next++;
        const stored: StoredBulkOperation = {
          id: `gid://shopify/BulkOperation/${number}`,
          query,
          createdAt: new Date().toISOString(),
          looks: 0,
          jsonl: lines.map((line) => JSON.stringify(line)).join("\n") + (lines.length > 0 ? "\n" : ""),
          objectCount: lines.length,
          rootObjectCount: lines.filter((line) => !("__parentId" in line)).length,
        };
        operations().push(stored);
        return { bulkOperation: { ...bulkOperationValue(stored, shop, false), status: "CREATED" }, userErrors: [] };
      },
    },
  };
}

/** The JSONL of a result URL the stand-in gave out, or null for any other URL. */
export function bulkResultFor(store: ScenarioStore, url: URL): string | null {
  if (url.protocol !== "https:" || url.hostname !== BULK_RESULT_HOST) return null;
  const match = BULK_RESULT_PATH.exec(url.pathname);
  if (!match) return null;
  const [, shop, number] = match;
  const found = store.bulkOperations.byShop.get(shop ?? "")?.find((operation) => operation.id === `gid://shopify/BulkOperation/${number}`);
  return found ? found.jsonl : null;
}
