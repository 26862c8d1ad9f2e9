// Number formatting for the admin. One fixed locale, so the server-rendered HTML and the hydrated page agree.
const LOCALE = "en-US";

const points = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });

export function formatPoints(value: number): string {
  return points.format(value);
}

export function formatCount(value: number): string {
  return points.format(value);
}

/** An amount in minor units (cents) of `currency`, e.g. 123456 USD → "$1,234.56". */
export function formatMoney(minor: number, currency: string): string {
  const format = new Intl.NumberFormat(LOCALE, { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** An amount of what the program's tiers follow: "$500.00", "1,200 points" or "3 orders". */
export function formatTierAmount(amount: number, measure: "spend" | "points" | "orders", currency: string): string {
  if (measure === "spend") return formatMoney(amount, currency);
  const unit = measure === "points" ? "point" : "order";
  return `${points.format(amount)} ${amount === 1 ? unit : `${unit}s`}`;
}
