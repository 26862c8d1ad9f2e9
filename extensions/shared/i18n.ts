// Text helpers shared by the extensions. Each extension ships its own locales/*.json (Shopify loads them per
// extension); these helpers only fix how points and failures are worded so every surface says it the same way.

export interface ExtensionI18n {
  translate: (key: string, options?: Record<string, string | number>) => unknown;
  formatNumber: (value: number) => string;
  formatDate: (date: Date, options?: Intl.DateTimeFormatOptions) => string;
}

/** Renders a translated string (Shopify's translate returns an array only when a placeholder is an element). */
export function t(i18n: ExtensionI18n, key: string, options?: Record<string, string | number>): string {
  const text = i18n.translate(key, options);
  return Array.isArray(text) ? text.join("") : String(text);
}

/**
 * "1 point" / "1,250 points", plural-aware: `count` picks the locale's plural form (one, many, other…) and
 * `points` is the number formatted for the shopper's locale. Locale files hold `{{points}}`.
 */
export function pointsText(i18n: ExtensionI18n, key: string, count: number, options: Record<string, string | number> = {}): string {
  return t(i18n, key, { ...options, count, points: i18n.formatNumber(count) });
}

/** Failure codes the locale files explain; anything else (and "unavailable") gets the generic apology. */
const EXPLAINED_FAILURES = ["insufficient_points", "unknown_reward", "not_found", "own_code", "not_new_customer", "unauthorized"];

export function failureText(i18n: ExtensionI18n, reason: string): string {
  return t(i18n, `errors.${EXPLAINED_FAILURES.includes(reason) ? reason : "unavailable"}`);
}

export function dateText(i18n: ExtensionI18n, iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : i18n.formatDate(date, { year: "numeric", month: "short", day: "numeric" });
}
