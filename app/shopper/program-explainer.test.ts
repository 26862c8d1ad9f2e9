import { describe, expect, it } from "vitest";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { programExplainer } from "./program-explainer";
import { shopperStrings } from "./shopper-strings";
import type { Campaign } from "~/loyalty/campaigns/campaign-rules";

const NOW = new Date("2026-11-28T15:00:00Z");
const BLACK_FRIDAY: Campaign = {
  id: "black-friday",
  name: "Black Friday",
  kind: "multiply",
  multiplierPercent: 200,
  points: 0,
  startsAt: "2026-11-27T05:00:00.000Z",
  endsAt: "2026-11-30T05:00:00.000Z",
  timeZone: "America/New_York",
  collectionIds: [],
  enabled: true,
};

describe("programExplainer", () => {
  it("lists the ways to earn the program offers, in the shopper's language", () => {
    const explainer = programExplainer(defaultProgramRules(), "EUR", shopperStrings("fr", "EUR"), NOW);
    expect(explainer.waysToEarn).toEqual([
      { kind: "purchase", points: 1, text: "Gagnez 1 point pour chaque 1,00\u00a0€ dépensé" },
      { kind: "signup", points: 100, text: "Recevez 100 points en créant un compte" },
      { kind: "referral", points: 500, text: "Offrez 10\u00a0% à vos amis sur leur première commande et recevez 500 points quand ils achètent" },
    ]);
    expect(explainer.tiers.map((tier) => [tier.name, tier.threshold])).toEqual([
      ["Member", "0,00\u00a0€"],
      ["Silver", "500,00\u00a0€"],
      ["Gold", "1\u202f500,00\u00a0€"],
    ]);
  });

  it("leaves out what the merchant turned off", () => {
    const rules = defaultProgramRules();
    rules.signupBonus = 0;
    rules.referral.advocatePoints = 0;
    rules.referral.friendDiscountPercent = 0;
    expect(programExplainer(rules, "USD", shopperStrings("en", "USD"), NOW).waysToEarn.map((way) => way.kind)).toEqual(["purchase"]);
  });

  it("lists a running campaign in each language, until its end in its own time zone, and hands the estimate its terms", () => {
    const rules = defaultProgramRules();
    rules.campaigns = [BLACK_FRIDAY, { ...BLACK_FRIDAY, id: "aprons", name: "Aprons", kind: "add", points: 50, collectionIds: ["gid://shopify/Collection/7"] }];
    const ways = (locale: "en" | "fr" | "de" | "es") => programExplainer(rules, "USD", shopperStrings(locale, "USD"), NOW).waysToEarn.filter((way) => way.kind === "campaign");
    expect(ways("en")).toEqual([
      { kind: "campaign", points: 2, text: "Black Friday: 2× points on every order until Nov 30, 2026, 12:00 AM" },
      { kind: "campaign", points: 50, text: "Aprons: 50 points extra on orders with selected products until Nov 30, 2026, 12:00 AM" },
    ]);
    expect(ways("fr").map((way) => way.text)).toEqual([
      "Black Friday\u00a0: points ×2 sur chaque commande jusqu’au 30 nov. 2026, 00:00",
      "Aprons\u00a0: 50 points de plus sur les commandes avec des produits sélectionnés jusqu’au 30 nov. 2026, 00:00",
    ]);
    expect(ways("de").map((way) => way.text)).toEqual([
      "Black Friday: 2-fache Punkte auf jede Bestellung bis 30.11.2026, 00:00",
      "Aprons: 50 Punkte extra auf Bestellungen mit ausgewählten Produkten bis 30.11.2026, 00:00",
    ]);
    expect(ways("es").map((way) => way.text)).toEqual([
      "Black Friday: puntos x2 en cada pedido hasta el 30 nov 2026, 0:00",
      "Aprons: 50 puntos extra en pedidos con productos seleccionados hasta el 30 nov 2026, 0:00",
    ]);
    // Only the campaign on every product reaches the estimate; neither before it starts nor after it ends.
    const explainer = programExplainer(rules, "USD", shopperStrings("en", "USD"), NOW);
    expect(explainer.campaigns).toEqual([{ id: "black-friday", kind: "multiply", multiplierPercent: 200, points: 0, startsAt: BLACK_FRIDAY.startsAt, endsAt: BLACK_FRIDAY.endsAt }]);
    for (const at of [new Date("2026-11-27T04:59:00Z"), new Date(BLACK_FRIDAY.endsAt)]) {
      const outside = programExplainer(rules, "USD", shopperStrings("en", "USD"), at);
      expect(outside.campaigns).toEqual([]);
      expect(outside.waysToEarn.some((way) => way.kind === "campaign")).toBe(false);
    }
  });
});
