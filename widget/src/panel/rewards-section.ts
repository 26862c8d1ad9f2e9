// The reward catalogue: for a member, which rewards their points reach and how many points each other one needs.
import type { RedeemPlace, Reward } from "../customer-response";
import { h } from "../dom";
import type { Formatter } from "../format";
import { section } from "./section";
import type { MemberView, PanelContext, Section, VisitorView } from "./panel-context";
import { redeem } from "./redeem";

/** Where else the member can redeem, truthfully for the shop's plan and accounts (redeem-places.ts on the server). */
function redeemHint(places: RedeemPlace[], f: Formatter): string {
  const checkout = places.includes("checkout");
  const account = places.includes("account");
  return f.t(checkout && account ? "redeemHereBoth" : checkout ? "redeemHereCheckout" : account ? "redeemHereAccount" : "redeemHere");
}

/** `context` only for a member: each reward their points reach gets a Redeem button. */
function rewardList(rewards: Reward[], available: number | null, f: Formatter, context?: PanelContext, places: RedeemPlace[] = []): HTMLElement | null {
  if (rewards.length === 0) return null;
  const items = rewards.map((reward) => {
    const ready = available !== null && (reward.affordable ?? available >= reward.points);
    let note: string | null = null;
    if (available !== null) {
      note = ready ? f.t("rewardReady") : f.t("rewardMissing", { points: f.points(Math.max(reward.points - available, 0)) });
    }
    let button: HTMLButtonElement | null = null;
    if (ready && context) {
      const redeemButton = h("button", "button", f.t("redeem")) as HTMLButtonElement;
      redeemButton.onclick = () => void redeem(reward, redeemButton, context);
      button = redeemButton;
    }
    return h(
      "li",
      { class: ready ? "tally-reward tally-reward--ready" : "tally-reward" },
      h("span", "reward-title", reward.title),
      h("span", "reward-points", f.points(reward.points)),
      note && h("span", "reward-note", note),
      button,
    );
  });
  const hint = available !== null ? h("p", { class: "tally-hint", "data-testid": "tally-redeem-where" }, redeemHint(places, f)) : null;
  return section(f.t("rewards"), h("ul", "list", ...items), hint);
}

export const visitorRewardsSection: Section<VisitorView> = (view, { f }) => rewardList(view.program.rewards, null, f);

export const memberRewardsSection: Section<MemberView> = (view, context) =>
  // Points owed are repaid before any reward comes within reach.
  rewardList(view.rewards.length > 0 ? view.rewards : view.program.rewards, view.available - (view.owed ?? 0), context.f, context, view.program.redeemAt);
