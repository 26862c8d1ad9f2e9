// How to earn points, worded here from each way's kind and numbers in the storefront's language.
import { section } from "./section";
import type { Section } from "./panel-context";
import { h } from "../dom";

export const waysToEarnSection: Section = ({ program }, { f }) => {
  if (program.waysToEarn.length === 0) return null;
  const items = program.waysToEarn.map((way) => {
    const points = f.points(way.points);
    const line =
      way.kind === "purchase"
        ? f.t("earnPurchase", { points, amount: f.money(way.perAmountMinor, way.currencyCode) })
        : f.t(way.kind === "signup" ? "earnSignup" : "earnReferral", { points });
    return h("li", {}, line);
  });
  return section(f.t("waysToEarn"), h("ul", "list", ...items));
};
