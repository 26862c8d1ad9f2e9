// How to earn points: the first three worded here from their numbers in the storefront's language, the others in
// the app's words for them (customer-response.ts).
import { section } from "./section";
import type { Section } from "./panel-context";
import { h } from "../dom";

export const waysToEarnSection: Section = ({ program }, { f }) => {
  if (program.waysToEarn.length === 0) return null;
  const items = program.waysToEarn.map((way) => {
    if (way.kind === "other") return h("li", {}, way.text);
    const points = f.points(way.points);
    const line =
      way.kind === "purchase"
        ? f.t("earnPurchase", { points, amount: f.money(way.perAmountMinor, way.currencyCode) })
        : f.t(way.kind === "signup" ? "earnSignup" : "earnReferral", { points });
    return h("li", {}, line);
  });
  return section(f.t("waysToEarn"), h("ul", "list", ...items));
};
