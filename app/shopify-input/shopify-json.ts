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

/**
 * Whether the text has a run of 16 digits: every integer beyond 2^53 (9,007,199,254,740,992) has. A loop, because
 * a regular expression backtracks over every shorter run of digits and costs several times the parse itself.
 */
function hasSixteenDigits(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      if (++run === 16) return true;
    } else {
      run = 0;
    }
  }
  return false;
}

/** JSON.parse, except that integers beyond ±2^53 come back as their exact digits (a string). Throws SyntaxError. */
export function parseShopifyJson(text: string): unknown {
  // A reviver makes parsing several times slower (it is called for every value), and this is on the webhook
  // intake's path: a body without a run of 16 digits cannot hold such an integer, and is parsed without it.
  if (!hasSixteenDigits(text)) return JSON.parse(text);
  return JSON.parse(text, keepBigIntegers as (this: unknown, key: string, value: unknown) => unknown);
}
