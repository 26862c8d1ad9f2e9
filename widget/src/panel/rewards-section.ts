// The reward catalogue: for a member, which rewards their points reach and how many points each other one needs.
import type { Reward } from "../customer-response";
import { h } from "../dom";
import type { Formatter } from "../format";
import { section } from "./section";
import type { MemberView, Section, VisitorView } from "./panel-context";

function rewardList(rewards: Reward[], available: number | null, f: Formatter): HTMLElement | null {
  if (rewards.length === 0) return null;
  const items = rewards.map((reward) => {
    const ready = available !== null && (reward.affordable ?? available >= reward.points);
    let note: string | null = null;
    if (available !== null) {
      note = ready ? f.t("rewardReady") : f.t("rewardMissing", { points: f.points(Math.max(reward.points - available, 0)) });
    }
    return h(
      "li",
      { class: ready ? "tally-reward tally-reward--ready" : "tally-reward" },
      h("span", "reward-title", reward.title),
      h("span", "reward-points", f.points(reward.points)),
      note && h("span", "reward-note", note),
    );
  });
  const hint = available !== null ? h("p", "hint", f.t("redeemHint")) : null;
  return section(f.t("rewards"), h("ul", "list", ...items), hint);
}

export const visitorRewardsSection: Section<VisitorView> = (view, { f }) => rewardList(view.program.rewards, null, f);

export const memberRewardsSection: Section<MemberView> = (view, { f }) =>
  // Points owed are repaid before any reward comes within reach.
  rewardList(view.rewards.length > 0 ? view.rewards : view.program.rewards, view.available - (view.owed ?? 0), f);
