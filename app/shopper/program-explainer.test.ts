import { describe, expect, it } from "vitest";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { programExplainer } from "./program-explainer";
import { shopperStrings } from "./shopper-strings";

describe("programExplainer", () => {
  it("lists the ways to earn the program offers, in the shopper's language", () => {
    const explainer = programExplainer(defaultProgramRules(), "EUR", shopperStrings("fr", "EUR"));
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
    expect(programExplainer(rules, "USD", shopperStrings("en", "USD")).waysToEarn.map((way) => way.kind)).toEqual(["purchase"]);
  });
});
