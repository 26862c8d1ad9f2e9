// How the stand-in answers each field: from the scenario when it has a value, otherwise with a default of the
// field's type. graphql-js's `execute` then serializes every value through the schema's types (with Shopify's
// scalar formats, scalar-formats.ts), so a response is valid for the schema by construction: a scenario value of
// the wrong type fails the request instead of reaching Tally.
import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  responsePathAsArray,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from "graphql";
import { connectionPage, type ConnectionArgs } from "./connections.ts";
import { isConnectionType } from "./query-cost.ts";
import { SCALAR_DEFAULTS } from "./scalar-formats.ts";
import type { RecordedRequest } from "./scenario-store.ts";
import type { SearchWarning } from "./search-query.ts";

export interface SearchReport {
  path: (string | number)[];
  query: string;
  warnings: SearchWarning[];
}

export interface ResolveContext {
  request: RecordedRequest;
  /** Every object with a gid in the shop's query scenario, by id, for root fields such as order(id:). */
  objectsById: Map<string, Record<string, unknown>>;
  searchReports: SearchReport[];
  /** A bulk query's connections are read to their end, without first or last (bulk-operations.ts). */
  unboundedConnections?: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Order for gid://shopify/Order/1. */
export function gidType(id: unknown): string | null {
  return typeof id === "string" ? (/^gid:\/\/shopify\/([A-Za-z]+)\//.exec(id)?.[1] ?? null) : null;
}

/** Collects every object with a gid, however deep, so root lookups by id find nested ones too. */
export function indexObjectsById(value: unknown, index = new Map<string, Record<string, unknown>>()): Map<string, Record<string, unknown>> {
  if (Array.isArray(value)) {
    for (const item of value) indexObjectsById(item, index);
  } else if (isRecord(value)) {
    if (typeof value.id === "string" && gidType(value.id) && !index.has(value.id)) index.set(value.id, value);
    for (const child of Object.values(value)) indexObjectsById(child, index);
  }
  return index;
}

/** A value of the type when the scenario has none: null where allowed, else the least surprising valid value. */
export function defaultValue(schema: GraphQLSchema, type: GraphQLOutputType, parentName: string, fieldName: string): unknown {
  if (!isNonNullType(type)) return null;
  const inner = type.ofType;
  if (isListType(inner)) return [];
  if (isScalarType(inner)) {
    switch (inner.name) {
      case "String":
        return `${parentName}.${fieldName}`;
      case "ID":
        return `gid://shopify/${parentName}/1`;
      case "Int":
      case "Float":
        return 0;
      case "Boolean":
        return false;
      default:
        return SCALAR_DEFAULTS[inner.name] ?? "";
    }
  }
  if (isEnumType(inner)) return inner.getValues()[0]?.value;
  if (isConnectionType(inner)) return [];
  if (isObjectType(inner)) return {};
  if (isAbstractType(inner)) return { __typename: schema.getPossibleTypes(inner)[0]?.name };
  return null;
}

function fitsType(schema: GraphQLSchema, object: Record<string, unknown>, type: GraphQLOutputType): boolean {
  const named = getNamedType(type);
  const actual = typeof object.__typename === "string" ? object.__typename : gidType(object.id);
  if (!actual) return false;
  if (isAbstractType(named)) return schema.getPossibleTypes(named).some((possible) => possible.name === actual);
  return named.name === actual;
}

/** Root fields that take an id (order(id:), node(id:), nodes(ids:)) find the scenario's object with that gid. */
function lookUpById(args: Record<string, unknown>, context: ResolveContext, info: GraphQLResolveInfo): unknown {
  const find = (id: unknown) => {
    const found = typeof id === "string" ? context.objectsById.get(id) : undefined;
    return found && fitsType(info.schema, found, info.returnType) ? found : null;
  };
  if (info.parentType.getFields()[info.fieldName]?.args.some((arg) => arg.name === "id")) return find(args.id);
  if (Array.isArray(args.ids)) return args.ids.map(find);
  return undefined;
}

function shape(value: unknown, args: Record<string, unknown>, context: ResolveContext, info: GraphQLResolveInfo): unknown {
  const named = getNamedType(info.returnType);
  let result = value;
  if (result === undefined && info.parentType === info.schema.getQueryType()) result = lookUpById(args, context, info);
  // A mutation the scenario does not script succeeds with an empty payload (no userErrors), as Shopify's
  // payloads are never null without an error.
  if (result === undefined && info.parentType === info.schema.getMutationType() && isObjectType(named)) result = {};
  if (result === undefined) result = defaultValue(info.schema, info.returnType, info.parentType.name, info.fieldName);
  if (isConnectionType(named) && Array.isArray(result)) {
    const connectionArgs = context.unboundedConnections ? { ...args, first: null, last: null, unbounded: true } : args;
    return connectionPage(result, connectionArgs as ConnectionArgs, (warnings) => {
      context.searchReports.push({ path: responsePathAsArray(info.path), query: String(args.query), warnings });
    });
  }
  // Plain list fields such as Order.refunds(first:) are cut to the size asked for.
  const list = isListType(isNonNullType(info.returnType) ? info.returnType.ofType : info.returnType);
  if (list && Array.isArray(result) && typeof args.first === "number") return result.slice(0, args.first);
  return result;
}

export const resolveField: GraphQLFieldResolver<unknown, ResolveContext> = (source, args, context, info) => {
  const own = isRecord(source) && Object.hasOwn(source, info.fieldName) ? source[info.fieldName] : undefined;
  const value: unknown = typeof own === "function" ? (own as (a: unknown, r: RecordedRequest) => unknown)(args, context.request) : own;
  if (value instanceof Promise) return value.then((settled: unknown) => shape(settled, args, context, info));
  return shape(value, args, context, info);
};

/** Interfaces and unions: the value's __typename, else the type its gid names, else the first possible type. */
export const resolveType: GraphQLTypeResolver<unknown, ResolveContext> = (value, _context, info, abstractType) => {
  const possible = info.schema.getPossibleTypes(abstractType);
  if (isRecord(value)) {
    if (typeof value.__typename === "string") return value.__typename;
    const fromId = gidType(value.id);
    if (fromId && possible.some((type) => type.name === fromId)) return fromId;
  }
  return possible[0]?.name;
};
