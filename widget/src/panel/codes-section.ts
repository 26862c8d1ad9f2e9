// A member's codes not used yet, each with one link that applies it to the cart: Shopify's shareable discount link,
// /discount/<code>?redirect=<this page>, which puts the code on the visitor's cart and comes back here.
import { h } from "../dom";
import { section } from "./section";
import type { MemberView, Section } from "./panel-context";

export function applyCodeUrl(code: string): string {
  return `/discount/${encodeURIComponent(code)}?redirect=${encodeURIComponent(location.pathname)}`;
}

export const codesSection: Section<MemberView> = ({ codes }, { f }) => {
  if (codes.length === 0) return null;
  const items = codes.map(({ code, expiresAt, title }) =>
    h(
      "li",
      { class: "tally-code", "data-code": code },
      title && h("span", "reward-title", title),
      h("code", "code-text", code),
      h("span", "reward-note", f.t("codeUseBy", { date: f.date(expiresAt) })),
      h("a", { class: "tally-button", href: applyCodeUrl(code) }, f.t("applyCode")),
    ),
  );
  return section(f.t("codes"), h("ul", "list", ...items));
};
