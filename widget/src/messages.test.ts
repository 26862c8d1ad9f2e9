// The strings live in the theme app extension's locale files and reach the script through the Liquid block: these
// checks keep the files, the block and the script's list of keys in step.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LAUNCHER_KEYS } from "./launcher-strings";
import { MESSAGE_KEYS, readMessages, readStrings } from "./messages";

const EXTENSION = path.resolve(import.meta.dirname, "../../extensions/tally-widget");
const localeFiles = readdirSync(path.join(EXTENSION, "locales")).filter((file) => !file.endsWith(".schema.json"));
const strings = (file: string): Record<string, string> =>
  JSON.parse(readFileSync(path.join(EXTENSION, "locales", file), "utf8")).widget;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("storefront locale files", () => {
  it("cover English (the default), French, German and Spanish", () => {
    expect(localeFiles.sort()).toEqual(["de.json", "en.default.json", "es.json", "fr.json"]);
  });

  it.each(localeFiles)("%s has every key the script reads, and no other", (file) => {
    expect(Object.keys(strings(file)).sort()).toEqual([...MESSAGE_KEYS].sort());
    expect(readMessages(strings(file))).not.toBeNull();
  });

  it.each(localeFiles)("%s names its own language", (file) => {
    expect(strings(file).locale).toBe(file.split(".")[0]);
  });

  it.each(localeFiles)("%s counts points in every plural form its language has", (file) => {
    const forms = new Intl.PluralRules(file.split(".")[0]).resolvedOptions().pluralCategories;
    for (const form of forms) expect(strings(file)[`points_${form}`], `${file} points_${form}`).toMatch(/\{n\}/);
  });

  it.each(localeFiles)("%s uses the same placeholders as English in every string", (file) => {
    const english = strings("en.default.json");
    for (const key of MESSAGE_KEYS) {
      expect(placeholders(strings(file)[key] ?? ""), `${file} ${key}`).toEqual(placeholders(english[key] ?? ""));
    }
  });

  it.each(localeFiles)("%s has no characters Liquid's t filter would HTML-escape", (file) => {
    // The block passes each string through `t | json`; an escaped ' or & would show as &#39; in the widget.
    for (const [key, text] of Object.entries(strings(file))) expect(text, `${file} ${key}`).not.toMatch(/[<>&"']/);
  });
});

describe("the app embed block", () => {
  const liquid = readFileSync(path.join(EXTENSION, "blocks/tally-widget.liquid"), "utf8");

  it("renders every key into the strings the script reads", () => {
    const rendered = [...liquid.matchAll(/"(\w+)": \{\{ 'widget\.(\w+)' \| t \| json \}\}/g)];
    expect(rendered.every((match) => match[1] === match[2])).toBe(true);
    expect(rendered.map((match) => match[1])).toEqual([...MESSAGE_KEYS]);
  });
});

describe("readMessages", () => {
  it("refuses strings with a key missing", () => {
    const { copy: _copy, ...incomplete } = strings("en.default.json");
    expect(readMessages(incomplete)).toBeNull();
    expect(readMessages(null)).toBeNull();
  });
});

describe("the block's settings in the theme editor", () => {
  const schemaFiles = readdirSync(path.join(EXTENSION, "locales")).filter((file) => file.endsWith(".schema.json"));
  const liquid = readFileSync(path.join(EXTENSION, "blocks/tally-widget.liquid"), "utf8");
  const lookup = (file: string, key: string): unknown =>
    key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], JSON.parse(readFileSync(path.join(EXTENSION, "locales", file), "utf8")));

  it("are labelled in English, French, German and Spanish", () => {
    expect(schemaFiles.sort()).toEqual(["de.schema.json", "en.default.schema.json", "es.schema.json", "fr.schema.json"]);
  });

  it.each(schemaFiles)("%s labels every setting the schema names", (file) => {
    const keys = [...liquid.matchAll(/"t:([\w.]+)"/g)].map((match) => match[1] ?? "");
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) expect(typeof lookup(file, key), `${file} ${key}`).toBe("string");
  });
});

describe("the launcher's strings", () => {
  it("are keys every locale file has, so the launcher shows before the panel script arrives", () => {
    for (const file of localeFiles) expect(readStrings(strings(file), LAUNCHER_KEYS), file).not.toBeNull();
  });
});
