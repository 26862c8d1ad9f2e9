// Text helpers shared by the extensions. Each extension ships its own locales/*.json (Shopify loads them per
// extension); the strings they share are written once in extensions/shared/strings/*.json and copied into those
// files by `npm run build:locales`. These helpers fix how points and failures are worded so every surface says
// it the same way.

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
  return countText(i18n, key, count, "points", options);
}

/**
 * Failure codes (docs/shopper-api.md, "Errors") the locale files explain in the shopper's words; anything else
 * (invalid_request, request_conflict, "unavailable") gets the generic apology. The backend's `message` is never
 * shown: the extension speaks the checkout's language, whatever the backend guessed.
 */
const EXPLAINED_FAILURES = [
  "insufficient_points",
  "unknown_reward",
  "reward_unavailable",
  "tier_only",
  "not_found",
  "own_code",
  "not_new_customer",
  "unauthorized",
  "signed_out",
  "redemption_failed",
  "redemption_in_progress",
  "discount_unavailable",
  "invalid_birthday",
  "birthday_locked",
  "not_in_program",
  "program_paused",
];

export function failureText(i18n: ExtensionI18n, reason: string): string {
  return t(i18n, `errors.${EXPLAINED_FAILURES.includes(reason) ? reason : "unavailable"}`);
}

/** Plural-aware text for any count: `count` picks the plural form, `{{<name>}}` is the formatted number. */
export function countText(i18n: ExtensionI18n, key: string, count: number, name: string, options: Record<string, string | number> = {}): string {
  return t(i18n, key, { ...options, count, [name]: i18n.formatNumber(count) });
}

export function dateText(i18n: ExtensionI18n, iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : i18n.formatDate(date, { year: "numeric", month: "short", day: "numeric" });
}
