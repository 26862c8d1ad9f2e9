import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createFormatter } from "./format";
import { readMessages, type Messages } from "./messages";

const LOCALES_DIR = path.resolve(import.meta.dirname, "../../extensions/tally-widget/locales");

function messagesFor(file: string): Messages {
  const messages = readMessages(JSON.parse(readFileSync(path.join(LOCALES_DIR, file), "utf8")).widget);
  if (!messages) throw new Error(`${file} is missing strings`);
  return messages;
}

// Intl puts narrow no-break spaces in French and German numbers; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("points", () => {
  it.each([
    ["en.default.json", "en", 0, "0 points"],
    ["en.default.json", "en", 1, "1 point"],
    ["en.default.json", "en", 1250, "1,250 points"],
    ["en.default.json", "en", 1000000, "1,000,000 points"],
    // French counts 0 and 1 as singular.
    ["fr.json", "fr", 0, "0 point"],
    ["fr.json", "fr", 1, "1 point"],
    ["fr.json", "fr", 2, "2 points"],
    ["fr.json", "fr", 1250, "1 250 points"],
    // French and Spanish say "de" before a million (the "many" plural category).
    ["fr.json", "fr", 1000000, "1 000 000 de points"],
    ["de.json", "de", 1, "1 Punkt"],
    ["de.json", "de", 1250, "1.250 Punkte"],
    ["de.json", "de", 1000000, "1.000.000 Punkte"],
    ["es.json", "es", 1, "1 punto"],
    ["es.json", "es", 0, "0 puntos"],
    ["es.json", "es", 1000000, "1.000.000 de puntos"],
  ])("%s in %s: %i reads %s", (file, locale, count, expected) => {
    expect(plain(createFormatter(messagesFor(file), locale).points(count))).toBe(expected);
  });
});

describe("messages", () => {
  const en = createFormatter(messagesFor("en.default.json"), "en");

  it("fills placeholders and keeps unknown ones visible", () => {
    expect(en.t("pending", { points: en.points(40) })).toBe("40 points on the way");
    expect(en.t("pending")).toBe("{points} on the way");
  });

  it("writes money and percentages the locale's way", () => {
    expect(en.money(100, "USD")).toBe("$1.00");
    expect(plain(createFormatter(messagesFor("fr.json"), "fr").money(100, "EUR"))).toBe("1,00 €");
    // Minor units are the currency's: a yen has none.
    expect(en.money(500, "JPY")).toBe("¥500");
    expect(plain(createFormatter(messagesFor("de.json"), "de").percent(10))).toBe("10 %");
    expect(en.percent(10)).toBe("10%");
  });

  it("shows an unknown currency code beside the number", () => {
    expect(en.money(250, "NOT-A-CODE")).toBe("2.5 NOT-A-CODE");
  });
});
