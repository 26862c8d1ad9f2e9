// The member's rewards: one button per reward they can afford. Redeeming (extensions/shared/redeem-flow.ts)
// reserves the points and returns a single-use code, which is applied to this checkout at once; a store-credit
// reward is added to the shopper's store credit instead, and said so.
import type { ShopperApi } from "../../shared/shopper-api";
import type { SignedInSummary } from "../../shared/shopper-responses";
import { pointsText, t } from "../../shared/i18n";
import { pointsMissing, useRedeem } from "../../shared/redeem-flow";

type Issued = { kind: "applied"; title: string } | { kind: "notApplied"; code: string } | { kind: "credited"; title: string };

export function RewardPicker({ api, summary, onRedeemed }: { api: ShopperApi; summary: SignedInSummary; onRedeemed: () => Promise<void> }) {
  const { state, redeem, busy } = useRedeem<Issued>(shopify.i18n, api, onRedeemed, async (redemption, title) => {
    if (redemption.status === "credited") return { kind: "credited", title };
    const applied = await shopify.applyDiscountCodeChange({ type: "addDiscountCode", code: redemption.code });
    return applied.type === "success" ? { kind: "applied", title } : { kind: "notApplied", code: redemption.code };
  });
  const affordable = summary.rewards.filter((reward) => reward.affordable);

  if (state.kind === "applied") return <s-banner tone="success">{t(shopify.i18n, "rewards.applied", { reward: state.title })}</s-banner>;
  if (state.kind === "credited") return <s-banner tone="success">{t(shopify.i18n, "credit.added", { reward: state.title })}</s-banner>;
  if (state.kind === "notApplied") return <s-banner tone="warning">{t(shopify.i18n, "rewards.notApplied", { code: state.code })}</s-banner>;

  if (affordable.length === 0) {
    const cheapest = Math.min(...summary.rewards.map((reward) => reward.points));
    const missing = Number.isFinite(cheapest) ? pointsMissing(summary, cheapest) : 0;
    return missing > 0 ? <s-text color="subdued">{pointsText(shopify.i18n, "rewards.pointsToGo", missing)}</s-text> : null;
  }

  return (
    <s-stack gap="small-200">
      {state.kind === "error" && <s-banner tone="critical">{state.message}</s-banner>}
      {affordable.map((reward) => (
        <s-button key={reward.id} variant="secondary" loading={busy(reward.id)} disabled={busy()} onClick={() => void redeem(reward)}>
          {pointsText(shopify.i18n, "rewards.redeem", reward.points, { reward: reward.title })}
        </s-button>
      ))}
    </s-stack>
  );
}
