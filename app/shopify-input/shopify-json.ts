// The one parser for JSON that Shopify sends (webhook bodies, extension and proxy requests). Shopify's ids —
// orders, line items, customers, refunds — can exceed 2^53: its own sample webhook bodies use 820982911946154508.
// JSON.parse would round such a number to the nearest double and every id lookup would then miss. Node 22 gives a
// reviver the source text of each number (`context.source`), so integers beyond the safe range are kept exactly,
// as strings of digits; the schemas read ids as strings anyway.

type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

const INTEGER = /^-?\d+$/;

const keepBigIntegers: Reviver = (_key, value, context) => {
  if (typeof value === "number" && !Number.isSafeInteger(value) && context?.source !== undefined && INTEGER.test(context.source)) {
    return context.source;
  }
  return value;
};

/** JSON.parse, except that integers beyond ±2^53 come back as their exact digits (a string). Throws SyntaxError. */
export function parseShopifyJson(text: string): unknown {
  return JSON.parse(text, keepBigIntegers as (this: unknown, key: string, value: unknown) => unknown);
}
