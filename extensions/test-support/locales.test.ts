// Every extension speaks English, French, German and Spanish completely: the same keys in every locale file, every
// plural form the language needs (French and Spanish have "many"), the same {{placeholders}} as English, and
// every key the code asks for present — including the ones it builds at run time (errors.<code>, share.<network>)
// and either branch of a conditional key — with plural forms wherever the code counts (pointsText, countText).
// The storefront widget's locale files (a theme app extension, read through Liquid) are checked beside its code,
// in widget/src/messages.test.ts; the last test here makes sure no surface with locale files goes unchecked.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadLocale } from "./locale-i18n";
import { redeemWhereKey } from "../shared/redeem-where";
import { REDEEM_PLACES, type RedeemPlace } from "../../app/loyalty/redemption/redeem-places";

type Messages = { [key: string]: string | Messages };

const EXTENSIONS_DIR = path.resolve(__dirname, "..");
const LOCALES = ["en", "fr", "de", "es"];
const EXTENSIONS = ["tally-checkout", "tally-thank-you", "tally-account-page", "tally-order-status"];
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

/**
 * The key argument of every t / pointsText / countText call in `source`: the text after the first argument up to
 * the next comma or closing parenthesis outside brackets.
 */
function keyArguments(source: string): { fn: string; expression: string }[] {
  const calls: { fn: string; expression: string }[] = [];
  for (const match of source.matchAll(/\b(t|pointsText|countText)\(\s*[^,()]+,\s*/g)) {
    let depth = 0;
    let end = (match.index ?? 0) + match[0].length;
    const start = end;
    for (; end < source.length; end += 1) {
      const char = source[end] as string;
      if ("([{".includes(char)) depth += 1;
      else if (depth > 0 && ")]}".includes(char)) depth -= 1;
      else if (depth === 0 && (char === "," || char === ")")) break;
    }
    calls.push({ fn: match[1] as string, expression: source.slice(start, end).trim() });
  }
  return calls;
}

/** Template-literal keys the code builds at run time, and the keys they stand for (listed from the code itself). */
/** Every sentence redeemWhereKey can pick: each set of the program's places, on each kind of surface. */
const REDEEM_WHERE_KEYS = (() => {
  const sets: RedeemPlace[][] = [[], ["checkout"], ["account"], ["checkout", "account"]];
  return [...new Set(sets.flatMap((redeemAt) => [null, ...REDEEM_PLACES].map((here) => redeemWhereKey(redeemAt, here))))];
})();

const BUILT_KEYS: { pattern: RegExp; keys: (source: string) => string[] }[] = [
  { pattern: /^redeemWhereKey\(/, keys: () => REDEEM_WHERE_KEYS },
  { pattern: /^`share\.\$\{link\.key\}`$/, keys: () => ["share.email", "share.whatsapp", "share.x"] },
  {
    pattern: /^`transfers\.\$\{/,
    keys: (source) => ["transfers.OTHER", ...[...(source.match(/KNOWN_CODES = new Set\(\[([^\]]+)\]/)?.[1] ?? "").matchAll(/"(\w+)"/g)].map((match) => `transfers.${match[1]}`)],
  },
];

/**
 * Every key an extension's code asks for — literal, either branch of a `cond ? "a" : "b"`, or built at run time
 * from a list in the code — with those counted through pointsText / countText (they must have plural forms), and
 * any key argument this reader cannot follow (a new way of building keys must be taught here, not slip by).
 */
function keysUsedBy(extension: string) {
  const files = [...sourceFiles(path.join(EXTENSIONS_DIR, extension, "src"))];
  const source = files.map((file) => readFileSync(file, "utf8")).join("\n");
  if (source.includes("shared/ReferralShare")) files.push(path.join(EXTENSIONS_DIR, "shared/ReferralShare.tsx"));
  const all = files.map((file) => readFileSync(file, "utf8")).join("\n");
  const keys = new Set<string>();
  const counted = new Set<string>();
  const unreadable: string[] = [];
  for (const { fn, expression } of keyArguments(all)) {
    const literal = expression.match(/^"([\w.]+)"$/);
    const branches = expression.match(/^[^?"]*(?:"[^"]*"[^?"]*)*\?\s*"([\w.]+)"\s*:\s*"([\w.]+)"$/);
    const found = literal ? [literal[1] as string] : branches ? [branches[1] as string, branches[2] as string] : BUILT_KEYS.find((built) => built.pattern.test(expression))?.keys(all);
    if (!found) {
      unreadable.push(`${fn}(…, ${expression})`);
      continue;
    }
    for (const key of found) {
      keys.add(key);
      if (fn !== "t") counted.add(key);
    }
  }
  if (all.includes("failureText")) {
    const explained = readFileSync(path.join(EXTENSIONS_DIR, "shared/i18n.ts"), "utf8").match(/EXPLAINED_FAILURES = \[([^\]]+)\]/)?.[1] ?? "";
    keys.add("errors.unavailable");
    for (const match of explained.matchAll(/"(\w+)"/g)) keys.add(`errors.${match[1]}`);
  }
  return { keys: [...keys], counted: [...counted], unreadable };
}

describe.each(EXTENSIONS)("%s locales", (extension) => {
  const dir = path.join(EXTENSIONS_DIR, extension);
  const english = flatten(loadLocale(dir, "en"));

  it("has a file for every language", () => {
    expect(readdirSync(path.join(dir, "locales")).sort()).toEqual(["de.json", "en.default.json", "es.json", "fr.json"]);
  });

  it("defines every key the code asks for, with plural forms for every count", () => {
    const { keys, counted, unreadable } = keysUsedBy(extension);
    expect(unreadable).toEqual([]);
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.filter((key) => !english.has(key))).toEqual([]);
    expect(counted.length).toBeGreaterThan(0);
    expect(counted.filter((key) => !isPlural(english.get(key) as Messages))).toEqual([]);
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

it("checks every surface that has locale files", () => {
  const withLocales = readdirSync(EXTENSIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && readdirSync(path.join(EXTENSIONS_DIR, entry.name)).includes("locales"))
    .map((entry) => entry.name);
  // tally-widget: widget/src/messages.test.ts (keys the script and the block read, every plural form, placeholders).
  expect(withLocales.sort()).toEqual([...EXTENSIONS, "tally-widget"].sort());
});
