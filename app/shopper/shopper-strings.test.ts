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

  it("words every kind of reward in each language, restricted ones included", () => {
    const apron = { id: "apron", kind: "free_product", points: 900, minimumOrderMinor: 0, variantId: "gid://shopify/ProductVariant/1", productTitle: "Linen apron" } as const;
    const credit = { id: "credit", kind: "store_credit", points: 1_000, amountMinor: 1_000, minimumOrderMinor: 0 } as const;
    const shirts = { id: "shirts", kind: "percentage_off" as const, points: 800, percent: 20, minimumOrderMinor: 0, collectionIds: ["gid://shopify/Collection/1"] };
    const said = (locale: "en" | "fr" | "de" | "es") => [apron, credit, shirts].map((reward) => shopperStrings(locale, "EUR").rewardTitle(reward).replace(/\u00a0|\u202f/g, " "));
    expect(said("en")).toEqual(["Free Linen apron", "€10.00 store credit", "20% off your order on selected items"]);
    expect(said("fr")).toEqual(["Linen apron offert", "10,00 € de crédit en boutique", "20 % de réduction sur votre commande sur une sélection d'articles"]);
    expect(said("de")).toEqual(["Linen apron gratis", "10,00 € Guthaben im Shop", "20 % Rabatt auf Ihre Bestellung auf ausgewählte Artikel"]);
    expect(said("es")).toEqual(["Linen apron gratis", "10,00 € de crédito en la tienda", "20 % de descuento en tu pedido en artículos seleccionados"]);
  });
});
