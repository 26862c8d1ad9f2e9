// Amounts typed by a merchant ("1,500.50") to integers of minor units and back, with exact decimal arithmetic:
// floats would turn 1.15 into 114.99999 cents.

/** Text such as "1,500.50" as an integer of 10^-digits units (150050 for 2 digits), or null when it is not one. */
export function parseDecimal(text: string, digits: number): number | null {
  const cleaned = text.replace(/[,\s]/g, "");
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return null;
  const [, whole = "", fraction = ""] = match;
  if (fraction.length > digits) return null;
  const value = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  return Number.isSafeInteger(value) ? value : null;
}

/** The input text for an integer of `digits`-scaled units: "500" for 50000 cents, "1.50" for 150. */
export function formatDecimal(value: number, digits: number): string {
  const scale = 10 ** digits;
  const whole = Math.trunc(value / scale);
  const fraction = Math.abs(value % scale);
  if (fraction === 0 || digits === 0) return String(whole);
  return `${whole}.${String(fraction).padStart(digits, "0")}`;
}

/** A whole number as typed ("1,000"), or null. */
export function parseWholeNumber(text: string): number | null {
  const cleaned = text.replace(/[,\s]/g, "");
  if (!/^-?\d+$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isSafeInteger(value) ? value : null;
}
