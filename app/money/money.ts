// Shopify sends money as decimal strings ("123.45") in the currency's own precision. Points are computed from
// integer minor units, so amounts are parsed exactly, never through floating point.

/**
 * The largest money amount Tally takes from a webhook, in minor units: 1,000,000.00 in a two-decimal currency. The
 * ledger keeps points in 32-bit integer columns (at most 2,147,483,647); a program earns at most one point per
 * minor unit, times at most ×10 for a tier (program-rules.ts), so an order at this bound earns at most
 * 1,000,000,000 points and fits, as does its eligible spend in orders.eligible_minor.
 */
export const MAX_AMOUNT_MINOR = 100_000_000;

// Building an Intl.NumberFormat costs more than checking a whole webhook payload, and every amount asks: the answer
// is kept per currency code (three letters, so at most 17,576 of them).
const digitsByCurrency = new Map<string, number>();

/** Digits after the decimal point for a currency (2 for USD, 0 for JPY, 3 for KWD). */
export function minorDigits(currencyCode: string): number {
  let digits = digitsByCurrency.get(currencyCode);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency: currencyCode }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currencyCode, digits);
  }
  return digits;
}

/** "123.45" → 12345 for a 2-digit currency. Rejects anything that is not a plain non-negative decimal. */
export function toMinorUnits(amount: string, currencyCode: string): number {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new RangeError(`"${amount}" is not a money amount`);
  const digits = minorDigits(currencyCode);
  const [, whole = "0", fraction = ""] = match;
  if (fraction.replace(/0+$/, "").length > digits) {
    throw new RangeError(`"${amount}" has more precision than ${currencyCode} allows`);
  }
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0").slice(0, digits) || "0");
  if (!Number.isSafeInteger(minor)) throw new RangeError(`"${amount}" is too large`);
  return minor;
}
