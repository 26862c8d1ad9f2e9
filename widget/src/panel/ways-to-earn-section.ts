// How to earn points: a purchase, the sign-up and birthday bonuses, referrals, the newsletter and following the shop
// worded here from their numbers in the storefront's language; every other way (a tier's entry reward, a custom
// event the merchant described, a campaign) in the app's words for it (customer-response.ts).
import { section } from "./section";
import type { Section } from "./panel-context";
import type { WayToEarn } from "../customer-response";
import type { Formatter } from "../format";
import { h } from "../dom";
import { networkName } from "./network-names";

const WORDED = { signup: "earnSignup", birthday: "earnBirthday", referral: "earnReferral", newsletter: "earnNewsletter" } as const;

function line(way: WayToEarn, f: Formatter): string {
  if (way.kind === "other") return way.text;
  const points = f.points(way.points);
  if (way.kind === "purchase") return f.t("earnPurchase", { points, amount: f.money(way.perAmountMinor, way.currencyCode) });
  if (way.kind === "social") return f.t("earnSocial", { points, network: networkName(way.network) });
  return f.t(WORDED[way.kind], { points });
}

export const waysToEarnSection: Section = ({ program }, { f }) => {
  if (program.waysToEarn.length === 0) return null;
  return section(f.t("waysToEarn"), h("ul", "list", ...program.waysToEarn.map((way) => h("li", {}, line(way, f)))));
};
