// A member's points: whether they can earn and spend them now, what they can spend, what they owe, what is on the way or about to expire, and their tier (and until when a grace period keeps it).
import { h } from "../dom";
import type { MemberView, Section } from "./panel-context";

export const balanceSection: Section<MemberView> = (view, { f }) =>
  h(
    "div",
    "balance",
    h("p", "balance-label", f.t("balance")),
    h("p", { class: "tally-balance-points", "data-testid": "tally-balance" }, f.points(view.available)),
    // Out of the program, or the program paused: said first, in the storefront's words; the points stay.
    view.standing ? h("p", "hint", f.t(view.standing)) : null,
    view.owed ? h("p", { class: "tally-hint", "data-testid": "tally-owed" }, f.t("owed", { points: f.points(view.owed) })) : null,
    view.pending > 0 ? h("p", "hint", f.t("pending", { points: f.points(view.pending) })) : null,
    view.expiry ? h("p", "hint", f.t("expiry", { points: f.points(view.expiry.points), date: f.date(view.expiry.expiresAt) })) : null,
    view.tierName ? h("p", "hint", f.t("tier", { name: view.tierName })) : null,
    view.tierKept ? h("p", "hint", view.tierKept) : null,
  );
