// How to earn points, worded here from each way's kind and numbers in the storefront's language; a custom event is
// the merchant's own description, as the app sends it.
import { section } from "./section";
import type { Section } from "./panel-context";
import type { WayToEarn } from "../customer-response";
import type { Formatter } from "../format";
import { h } from "../dom";
import { networkName } from "./network-names";

function line(way: WayToEarn, f: Formatter): string {
  const points = f.points(way.points);
  switch (way.kind) {
    case "purchase":
      return f.t("earnPurchase", { points, amount: f.money(way.perAmountMinor, way.currencyCode) });
    case "social":
      return f.t("earnSocial", { points, network: networkName(way.network) });
    case "event":
      return way.text;
    case "newsletter":
      return f.t("earnNewsletter", { points });
    default:
      return f.t(way.kind === "signup" ? "earnSignup" : "earnReferral", { points });
  }
}

export const waysToEarnSection: Section = ({ program }, { f }) => {
  if (program.waysToEarn.length === 0) return null;
  return section(f.t("waysToEarn"), h("ul", "list", ...program.waysToEarn.map((way) => h("li", {}, line(way, f)))));
};
