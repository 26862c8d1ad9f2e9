// Localized text: messages with {placeholders}, plural-aware point counts, money and percentages, all through Intl
// so numbers read the way each locale writes them ("1,250" / "1 250" / "1.250").
import type { MessageKey, Messages } from "./messages";

export interface Formatter {
  t(key: MessageKey, values?: Record<string, string>): string;
  points(count: number): string;
  /** `minor` in the currency's minor units (500 = $5.00), as the app sends money. */
  money(minor: number, currencyCode: string): string;
  percent(whole: number): string;
  /** A day, from an ISO 8601 moment. */
  date(iso: string): string;
  /** A day of the year without one ("March 9", "9 mars"), or with no `day` the month's name: a birthday. */
  monthDay(month: number, day?: number): string;
}

export function createFormatter(messages: Messages, locale: string): Formatter {
  const plural = new Intl.PluralRules(locale);
  const number = new Intl.NumberFormat(locale);
  const fill = (template: string, values: Record<string, string> = {}) =>
    template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  return {
    t: (key, values) => fill(messages[key], values),
    points(count) {
      // Our four languages use "one", "many" (a million in French and Spanish) and "other"; a category none of
      // them has ("zero", "few"…) reads as "other" until a language that needs it brings its own form.
      const form = messages[`points_${plural.select(count)}` as MessageKey] ?? messages.points_other;
      return fill(form, { n: number.format(count) });
    },
    money(minor, currencyCode) {
      try {
        const money = new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode });
        // The currency's own number of decimals (2 for USD, 0 for JPY) turns minor units into an amount.
        return money.format(minor / 10 ** (money.resolvedOptions().maximumFractionDigits ?? 2));
      } catch {
        // A malformed currency code: show the number and the code rather than nothing.
        return `${number.format(minor / 100)} ${currencyCode}`;
      }
    },
    percent: (whole) => new Intl.NumberFormat(locale, { style: "percent" }).format(whole / 100),
    date: (iso) => new Date(iso).toLocaleDateString(locale, { dateStyle: "long" }),
    // 2000 is a leap year, so 29 February reads as itself.
    monthDay: (month, day) =>
      new Date(Date.UTC(2000, month - 1, day ?? 1)).toLocaleDateString(locale, day ? { month: "long", day: "numeric", timeZone: "UTC" } : { month: "long", timeZone: "UTC" }),
  };
}
