// Every extension speaks English, French, German and Spanish completely: the same keys in every locale file, every
// plural form the language needs (French and Spanish have "many"), the same {{placeholders}} as English, and
// every key the code asks for present — including the ones it builds at run time (errors.<code>, share.<network>).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadLocale } from "./locale-i18n";

type Messages = { [key: string]: string | Messages };

const EXTENSIONS_DIR = path.resolve(__dirname, "..");
const LOCALES = ["en", "fr", "de", "es"];
const EXTENSIONS = ["tally-checkout", "tally-thank-you", "tally-account-page"];
const PLURAL_FORMS = ["zero", "one", "two", "few", "many", "other"];

const isPlural = (value: Messages) => Object.keys(value).every((key) => PLURAL_FORMS.includes(key)) && "other" in value;

/** Keys as dotted paths; a plural entry is one key whose value lists its forms. */
function flatten(messages: Messages, prefix = ""): Map<string, string | Messages> {
  const entries = new Map<string, string | Messages>();
  for (const [key, value] of Object.entries(messages)) {
    const name = prefix === "" ? key : `${prefix}.${key}`;
    if (typeof value === "string" || isPlural(value)) entries.set(name, value);
    else for (const [child, childValue] of flatten(value, name)) entries.set(child, childValue);
  }
  return entries;
}

function placeholders(value: string | Messages): string[] {
  const texts = typeof value === "string" ? [value] : Object.values(value).map(String);
  return [...new Set(texts.flatMap((text) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] as string)))].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : entry.name.endsWith(".tsx") || entry.name.endsWith(".ts") ? [path.join(dir, entry.name)] : [],
  );
}

/** The literal keys a module passes to t / pointsText / countText, and the shared modules it imports. */
function keysUsedBy(extension: string): string[] {
  const files = [...sourceFiles(path.join(EXTENSIONS_DIR, extension, "src"))];
  const source = files.map((file) => readFileSync(file, "utf8")).join("\n");
  if (source.includes("shared/ReferralShare")) files.push(path.join(EXTENSIONS_DIR, "shared/ReferralShare.tsx"));
  const all = files.map((file) => readFileSync(file, "utf8")).join("\n");
  const keys = [...all.matchAll(/\b(?:t|pointsText|countText)\([^,()]+,\s*"([\w.]+)"/g)].map((match) => match[1] as string);
  if (all.includes("shared/ReferralShare") || source.includes("shared/ReferralShare")) keys.push("share.email", "share.whatsapp", "share.x");
  if (all.includes("failureText")) {
    const explained = readFileSync(path.join(EXTENSIONS_DIR, "shared/i18n.ts"), "utf8").match(/EXPLAINED_FAILURES = \[([^\]]+)\]/)?.[1] ?? "";
    keys.push("errors.unavailable", ...[...explained.matchAll(/"(\w+)"/g)].map((match) => `errors.${match[1]}`));
  }
  if (all.includes("history.codes.")) {
    const known = all.match(/KNOWN_CODES = new Set\(\[([^\]]+)\]/)?.[1] ?? "";
    keys.push("history.codes.OTHER", ...[...known.matchAll(/"(\w+)"/g)].map((match) => `history.codes.${match[1]}`));
  }
  return [...new Set(keys)];
}

describe.each(EXTENSIONS)("%s locales", (extension) => {
  const dir = path.join(EXTENSIONS_DIR, extension);
  const english = flatten(loadLocale(dir, "en"));

  it("has a file for every language", () => {
    expect(readdirSync(path.join(dir, "locales")).sort()).toEqual(["de.json", "en.default.json", "es.json", "fr.json"]);
  });

  it("defines every key the code asks for", () => {
    const used = keysUsedBy(extension);
    expect(used.length).toBeGreaterThan(5);
    expect(used.filter((key) => !english.has(key))).toEqual([]);
  });

  it.each(LOCALES)("in %s: the same keys and placeholders as English, and every plural form", (locale) => {
    const messages = flatten(loadLocale(dir, locale));
    expect([...messages.keys()].sort()).toEqual([...english.keys()].sort());
    const forms = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    for (const [key, value] of messages) {
      const reference = english.get(key) as string | Messages;
      expect(placeholders(value), `${locale} ${key}`).toEqual(placeholders(reference));
      expect(typeof value, `${locale} ${key} is plural in English`).toBe(typeof reference);
      if (typeof value !== "string") expect(Object.keys(value).sort(), `${locale} ${key}`).toEqual([...forms].sort());
    }
  });
});
