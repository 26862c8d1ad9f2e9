import { describe, expect, it } from "vitest";
import { shopperLocale } from "./shopper-locale";
import { shopperStrings } from "./shopper-strings";

describe("shopperLocale", () => {
  it("takes the explicit locale, then Accept-Language by weight, then English", () => {
    expect(shopperLocale("fr-CA", "de")).toBe("fr");
    expect(shopperLocale("ja", "ja, es;q=0.8, de;q=0.9")).toBe("de");
    expect(shopperLocale(null, "pt-BR")).toBe("en");
    expect(shopperLocale(undefined, undefined)).toBe("en");
  });
});

describe("shopperStrings", () => {
  it("counts points with each language's plural rules", () => {
    expect(shopperStrings("en", "USD").points(1)).toBe("1 point");
    expect(shopperStrings("en", "USD").points(1500)).toBe("1,500 points");
    expect(shopperStrings("fr", "EUR").points(0)).toBe("0 point");
    expect(shopperStrings("de", "EUR").points(2)).toBe("2 Punkte");
    expect(shopperStrings("es", "EUR").points(1)).toBe("1 punto");
    // A million is "many" in French and Spanish, which put "de" before the noun.
    expect(shopperStrings("fr", "EUR").points(1_000_000).replace(/\u202f/g, " ")).toBe("1 000 000 de points");
    expect(shopperStrings("es", "EUR").points(1_000_000)).toBe("1.000.000 de puntos");
    expect(shopperStrings("de", "EUR").points(1_000_000)).toBe("1.000.000 Punkte");
  });

  it("writes reward titles with the shop's money in the shopper's language", () => {
    const reward = { id: "amount-off-500", kind: "amount_off", points: 500, amountMinor: 500, minimumOrderMinor: 0 } as const;
    expect(shopperStrings("en", "USD").rewardTitle(reward)).toBe("$5.00 off");
    expect(shopperStrings("de", "EUR").rewardTitle(reward)).toBe("5,00\u00a0€ Rabatt");
    expect(shopperStrings("en", "USD").rewardTitle({ id: "free-shipping", kind: "free_shipping", points: 400, minimumOrderMinor: 5000 })).toBe("Free shipping on orders of $50.00 or more");
    expect(shopperStrings("fr", "EUR").insufficient(500, 1)).toBe("Il vous faut 500 points pour cette récompense et vous en avez 1 point.");
  });
});
