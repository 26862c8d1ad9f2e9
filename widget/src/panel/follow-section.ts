// "Follow us": for a signed-in member, a button per network the shop offers points for. A click opens the shop's
// page there and asks the app to credit the points (POST /apps/tally/social), once per network, on the shopper's
// word; a network already credited says so instead (docs/shopper-api.md).
import type { FollowAnswer } from "../customer-response";
import { h } from "../dom";
import { section } from "./section";
import { networkName } from "./network-names";
import type { MemberView, PanelContext, Section } from "./panel-context";

async function follow(network: string, { f, status, config, reload }: PanelContext) {
  status.textContent = "";
  try {
    const response = await fetch(`${config.proxyPath}/social`, { method: "POST", body: JSON.stringify({ network }) });
    // Credited, already credited or refused: the server words each in the shopper's language.
    const answer = (await response.json()) as FollowAnswer;
    status.textContent = answer.message ?? answer.error?.message ?? "";
    if (response.ok) reload();
  } catch {
    status.textContent = f.t("loadFailed");
  }
}

export const followSection: Section<MemberView> = ({ program, followed }, context) => {
  const { f } = context;
  const items = program.waysToEarn.flatMap((way) => {
    if (way.kind !== "social") return [];
    const name = networkName(way.network);
    if (followed.includes(way.network)) return [h("li", {}, f.t("followed", { network: name }))];
    const link = h("a", { class: "tally-button", href: way.url, target: "_blank", rel: "noopener" }, f.t("follow", { network: name }));
    link.onclick = () => void follow(way.network, context);
    return [h("li", {}, link)];
  });
  return items.length > 0 ? section(f.t("followUs"), h("ul", "list", ...items)) : null;
};
