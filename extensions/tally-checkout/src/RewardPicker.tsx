// The member's rewards: one button per reward they can afford. Redeeming reserves the points and returns a
// single-use code, which is applied to this checkout at once.
import { useState } from "preact/hooks";
import { keepsRequestId, newRequestId, type ShopperApi } from "../../shared/shopper-api";
import type { Reward, SignedInSummary } from "../../shared/shopper-responses";
import { failureText, pointsText, t } from "../../shared/i18n";

type State = { kind: "idle" } | { kind: "redeeming"; rewardId: string } | { kind: "error"; message: string } | { kind: "applied"; title: string } | { kind: "notApplied"; code: string };

export function RewardPicker({ api, summary, onRedeemed }: { api: ShopperApi; summary: SignedInSummary; onRedeemed: () => Promise<void> }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  // The same request id for every retry of one reward, until it succeeds: a retry after a lost answer must not
  // spend the points twice.
  const [requestIds] = useState(() => new Map<string, string>());
  const affordable = summary.rewards.filter((reward) => reward.affordable);

  async function redeem(reward: Reward) {
    const requestId = requestIds.get(reward.id) ?? newRequestId();
    requestIds.set(reward.id, requestId);
    setState({ kind: "redeeming", rewardId: reward.id });
    const redemption = await api.redeem(reward.id, requestId);
    if (!redemption.ok) {
      if (!keepsRequestId(redemption.reason)) requestIds.delete(reward.id);
      setState({ kind: "error", message: failureText(shopify.i18n, redemption.reason) });
      return;
    }
    requestIds.delete(reward.id);
    if (redemption.value.status !== "issued") {
      // A retried request whose code was meanwhile used or lapsed: nothing to apply.
      setState({ kind: "error", message: failureText(shopify.i18n, "unavailable") });
      await onRedeemed();
      return;
    }
    const applied = await shopify.applyDiscountCodeChange({ type: "addDiscountCode", code: redemption.value.code });
    setState(applied.type === "success" ? { kind: "applied", title: redemption.value.reward.title || reward.title } : { kind: "notApplied", code: redemption.value.code });
    await onRedeemed();
  }

  if (state.kind === "applied") return <s-banner tone="success">{t(shopify.i18n, "rewards.applied", { reward: state.title })}</s-banner>;
  if (state.kind === "notApplied") return <s-banner tone="warning">{t(shopify.i18n, "rewards.notApplied", { code: state.code })}</s-banner>;

  if (affordable.length === 0) {
    const cheapest = Math.min(...summary.rewards.map((reward) => reward.points));
    // Points owed are repaid before any reward comes within reach.
    const missing = Number.isFinite(cheapest) ? cheapest - summary.balance.available + (summary.balance.owed ?? 0) : 0;
    return missing > 0 ? <s-text color="subdued">{pointsText(shopify.i18n, "rewards.pointsToGo", missing)}</s-text> : null;
  }

  return (
    <s-stack gap="small-200">
      {state.kind === "error" && <s-banner tone="critical">{state.message}</s-banner>}
      {affordable.map((reward) => (
        <s-button
          key={reward.id}
          variant="secondary"
          loading={state.kind === "redeeming" && state.rewardId === reward.id}
          disabled={state.kind === "redeeming"}
          onClick={() => void redeem(reward)}
        >
          {pointsText(shopify.i18n, "rewards.redeem", reward.points, { reward: reward.title })}
        </s-button>
      ))}
    </s-stack>
  );
}
