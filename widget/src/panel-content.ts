// What the open panel shows: the signed-in shopper's balance, rewards, referral link and ways to earn, or the
// program explainer for a visitor who is not signed in.
import type { CustomerView, Program, Reward } from "./customer-response";
import { h } from "./dom";
import type { Formatter } from "./format";
import type { WidgetConfig } from "./widget-config";

export interface PanelActions {
  copyReferralLink(url: string, input: HTMLInputElement): void;
  /** Invites the friend whose address is in `input` (POST /apps/tally/invite). */
  invite(input: HTMLInputElement): void;
}

function section(title: string, ...content: Array<Node | null>): HTMLElement {
  return h("section", "section", h("h3", "heading", title), ...content);
}

function waysToEarn(program: Program, f: Formatter): HTMLElement | null {
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
}

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

function referralOffer(program: Program, f: Formatter): HTMLElement | null {
  return program.friendDiscountPercent ? h("p", {}, f.t("referralOffer", { percent: f.percent(program.friendDiscountPercent) })) : null;
}

function referral(url: string, program: Program, f: Formatter, actions: PanelActions): HTMLElement {
  const input = h("input", { id: "tally-referral-url", class: "tally-input", type: "text", readonly: "", value: url }) as HTMLInputElement;
  const copy = h("button", "button", f.t("copy"));
  copy.onclick = () => actions.copyReferralLink(url, input);
  input.onfocus = () => input.select();
  // The refer box: a friend's address, emailed an invitation by Tally (docs/emails.md).
  const friend = h("input", { id: "tally-invite", class: "tally-input", type: "email", required: "" }) as HTMLInputElement;
  const form = h("form", "copy", friend, h("button", "button", f.t("invite")));
  form.onsubmit = (event) => {
    event.preventDefault();
    actions.invite(friend);
  };
  return section(
    f.t("referral"),
    referralOffer(program, f),
    h("label", { class: "tally-label", for: "tally-referral-url" }, f.t("referralLink")),
    h("div", "copy", input, copy),
    h("label", { class: "tally-label", for: "tally-invite" }, f.t("inviteLabel")),
    form,
  );
}

export function renderCustomer(view: CustomerView, f: Formatter, config: WidgetConfig, actions: PanelActions): Node[] {
  if (!view.signedIn) {
    const offer = referralOffer(view.program, f);
    return [
      h("p", "intro", f.t("explainer")),
      h(
        "div",
        "actions",
        h("a", { class: "tally-button", href: config.registerUrl }, f.t("join")),
        h("a", { class: "tally-link", href: config.loginUrl }, f.t("signIn")),
      ),
      waysToEarn(view.program, f),
      rewardList(view.program.rewards, null, f),
      offer && section(f.t("referral"), offer),
    ].filter((node): node is HTMLElement => node !== null);
  }
  const rewards = view.rewards.length > 0 ? view.rewards : view.program.rewards;
  return [
    h(
      "div",
      "balance",
      h("p", "balance-label", f.t("balance")),
      h("p", { class: "tally-balance-points", "data-testid": "tally-balance" }, f.points(view.available)),
      view.standing ? h("p", "hint", f.t(view.standing)) : null,
      view.owed ? h("p", { class: "tally-hint", "data-testid": "tally-owed" }, f.t("owed", { points: f.points(view.owed) })) : null,
      view.pending > 0 ? h("p", "hint", f.t("pending", { points: f.points(view.pending) })) : null,
      view.expiry ? h("p", "hint", f.t("expiry", { points: f.points(view.expiry.points), date: f.date(view.expiry.expiresAt) })) : null,
      view.tierName ? h("p", "hint", f.t("tier", { name: view.tierName })) : null,
    ),
    // Points owed are repaid before any reward comes within reach.
    rewardList(rewards, view.available - (view.owed ?? 0), f),
    view.referralUrl ? referral(view.referralUrl, view.program, f, actions) : null,
    waysToEarn(view.program, f),
  ].filter((node): node is HTMLElement => node !== null);
}
