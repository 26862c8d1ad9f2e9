// Renders an extension with its real locale files instead of the tester's key-echoing translate: the same
// lookup Shopify does (nested keys, `{{placeholder}}` interpolation, `count` choosing the plural form with the
// locale's plural rules), so the tests read what a shopper reads and catch a missing or broken translation.
import { readFileSync } from "node:fs";
import path from "node:path";

type Messages = { [key: string]: string | Messages };

export function loadLocale(extensionDir: string, locale: string): Messages {
  const file = locale === "en" ? "en.default.json" : `${locale}.json`;
  return JSON.parse(readFileSync(path.join(extensionDir, "locales", file), "utf8")) as Messages;
}

export function localeI18n(extensionDir: string, locale: string) {
  const messages = loadLocale(extensionDir, locale);
  const plural = new Intl.PluralRules(locale);
  return {
    translate(key: string, options: Record<string, string | number> = {}): string {
      let entry: string | Messages | undefined = messages;
      for (const part of key.split(".")) entry = typeof entry === "object" ? entry[part] : undefined;
      if (typeof entry === "object" && typeof options.count === "number") entry = entry[plural.select(options.count)] ?? entry.other;
      if (typeof entry !== "string") throw new Error(`missing translation "${key}" in ${locale}`);
      return entry.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
        if (!(name in options)) throw new Error(`translation "${key}" in ${locale} needs {{${name}}}`);
        return String(options[name]);
      });
    },
    formatNumber: (value: number | bigint) => new Intl.NumberFormat(locale).format(value),
    formatCurrency: (value: number | bigint) => new Intl.NumberFormat(locale, { style: "currency", currency: "USD" }).format(value),
    formatDate: (date: Date, options?: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, options).format(date),
  };
}

/** Makes the extension speak `locale`: its translations and formats, and the language it reports to Tally. */
export function speak(extension: { shopify: { i18n: unknown; localization: { extensionLanguage: unknown } } }, extensionDir: string, locale: string): void {
  extension.shopify.i18n = localeI18n(extensionDir, locale);
  extension.shopify.localization.extensionLanguage = { value: { isoCode: locale }, current: { isoCode: locale }, subscribe: () => () => {}, destroy: async () => {} };
}
