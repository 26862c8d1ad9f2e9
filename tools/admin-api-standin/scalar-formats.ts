// What Shopify's custom scalars look like on the wire. buildClientSchema gives every custom scalar a pass-through
// serializer, so without these a scenario could return `amount: 12.5` (a number) or `createdAt: "yesterday"` and
// the response would still look valid. With them, a value of the wrong shape fails the request, in both directions:
// variables Tally sends and values the stand-in answers with.
// https://shopify.dev/docs/api/admin-graphql/latest/scalars
import { GraphQLError, isScalarType, isSpecifiedScalarType, Kind, type GraphQLScalarType, type GraphQLSchema, type ValueNode } from "graphql";

type Check = (value: unknown) => boolean;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

const isString: Check = (value) => typeof value === "string";
const matches = (pattern: RegExp): Check => (value) => typeof value === "string" && pattern.test(value) && !Number.isNaN(Date.parse(value.slice(0, 10)));
const decimalString: Check = (value) => typeof value === "string" && DECIMAL.test(value);
const isUrl: Check = (value) => typeof value === "string" && URL.canParse(value);

/** Output formats: what Shopify sends. */
const OUTPUT: Record<string, Check> = {
  DateTime: matches(DATE_TIME),
  Date: matches(DATE),
  Decimal: decimalString,
  Money: decimalString,
  UnsignedInt64: (value) => typeof value === "string" && /^\d+$/.test(value),
  BigInt: (value) => typeof value === "string" && /^-?\d+$/.test(value),
  URL: isUrl,
  Color: (value) => typeof value === "string" && /^#[0-9a-fA-F]{6}$/.test(value),
  UtcOffset: (value) => typeof value === "string" && /^[+-]\d{2}:\d{2}$/.test(value),
  HTML: isString,
  FormattedString: isString,
  ARN: isString,
  StorefrontID: isString,
  JSON: () => true,
};

/** Input formats: Shopify also takes numbers for its numeric string scalars. */
const INPUT: Record<string, Check> = {
  ...OUTPUT,
  Decimal: (value) => decimalString(value) || (typeof value === "number" && Number.isFinite(value)),
  Money: (value) => decimalString(value) || (typeof value === "number" && Number.isFinite(value)),
  UnsignedInt64: (value) => (typeof value === "string" && /^\d+$/.test(value)) || (Number.isSafeInteger(value) && Number(value) >= 0),
  BigInt: (value) => (typeof value === "string" && /^-?\d+$/.test(value)) || Number.isSafeInteger(value),
};

function literalValue(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.STRING:
      return node.value;
    case Kind.INT:
      return Number.parseInt(node.value, 10);
    case Kind.FLOAT:
      return Number.parseFloat(node.value);
    case Kind.BOOLEAN:
      return node.value;
    default:
      return undefined;
  }
}

function strict(scalar: GraphQLScalarType): void {
  const output = OUTPUT[scalar.name];
  const input = INPUT[scalar.name];
  if (!output || !input || scalar.name === "JSON") return;
  scalar.serialize = (value) => {
    if (!output(value)) throw new GraphQLError(`${scalar.name} cannot represent value: ${JSON.stringify(value)}`);
    return value;
  };
  scalar.parseValue = (value) => {
    if (!input(value)) throw new GraphQLError(`${JSON.stringify(value)} is not a valid ${scalar.name}`);
    return value;
  };
  scalar.parseLiteral = (node) => {
    const value = literalValue(node);
    if (!input(value)) throw new GraphQLError(`This is not a valid ${scalar.name}`);
    return value;
  };
}

/** Gives every custom scalar of the schema Shopify's wire format. */
export function enforceScalarFormats(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    // The specified scalars (String, Int…) are graphql-js singletons that already check their values.
    if (isScalarType(type) && !isSpecifiedScalarType(type)) strict(type);
  }
}

/** A value of each custom scalar that its format accepts, for fields a scenario leaves out. */
export const SCALAR_DEFAULTS: Record<string, unknown> = {
  DateTime: "2026-01-01T00:00:00Z",
  Date: "2026-01-01",
  Decimal: "0.0",
  Money: "0.0",
  UnsignedInt64: "0",
  BigInt: "0",
  URL: "https://admin.shopify.com/",
  Color: "#000000",
  UtcOffset: "+00:00",
  HTML: "",
  FormattedString: "",
  ARN: "",
  StorefrontID: "",
  JSON: {},
};
