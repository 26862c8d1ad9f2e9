// Every reward of the program: the affordable ones can be redeemed here (extensions/shared/redeem-flow.ts) for a
// single-use code, shown with a copy button and the time it lapses (or store credit, said so); the others say how
// many points are missing.
import { useState } from "preact/hooks";
import type { ShopperApi } from "../../shared/shopper-api";
import type { Redemption, SignedInSummary } from "../../shared/shopper-responses";
import { pointsText, t } from "../../shared/i18n";
import { pointsMissing, useRedeem } from "../../shared/redeem-flow";

export function RewardList({ api, summary, onRedeemed }: { api: ShopperApi; summary: SignedInSummary; onRedeemed: () => Promise<void> }) {
  const i18n = shopify.i18n;
  const [copied, setCopied] = useState(false);
  const { state, redeem, busy } = useRedeem(i18n, api, onRedeemed, (redemption: Redemption, title: string) => ({ kind: "redeemed" as const, redemption, title }));

  if (summary.rewards.length === 0) return <s-text color="subdued">{t(i18n, "rewards.none")}</s-text>;

  return (
    <s-stack gap="base">
      {state.kind === "error" && <s-banner tone="critical">{state.message}</s-banner>}
      {state.kind === "redeemed" && state.redemption.status === "credited" && <s-banner tone="success" heading={t(i18n, "credit.added", { reward: state.title })} />}
      {state.kind === "redeemed" && state.redemption.status !== "credited" && (
        <s-banner tone="success" heading={t(i18n, "rewards.redeemed", { reward: state.title, code: state.redemption.code })}>
          <s-stack gap="small-200">
            <s-text>{t(i18n, "rewards.expires", { date: expiryText(state.redemption.expiresAt) })}</s-text>
            <s-clipboard-item id="tally-reward-code" text={state.redemption.code} onCopy={() => setCopied(true)} />
            <s-button variant="secondary" commandFor="tally-reward-code" command="--copy">
              {t(i18n, "rewards.copy")}
            </s-button>
            {copied && <s-text color="subdued">{t(i18n, "rewards.copied")}</s-text>}
          </s-stack>
        </s-banner>
      )}
      {summary.rewards.map((reward) => (
        <s-stack key={reward.id} direction="inline" gap="base" alignItems="center">
          <s-text type="strong">{reward.title}</s-text>
          <s-text color="subdued">{pointsText(i18n, "rewards.cost", reward.points)}</s-text>
          {reward.affordable ? (
            <s-button
              variant="secondary"
              accessibilityLabel={t(i18n, "rewards.redeemReward", { reward: reward.title })}
              loading={busy(reward.id)}
              disabled={busy()}
              onClick={() => {
                setCopied(false);
                void redeem(reward);
              }}
            >
              {t(i18n, "rewards.redeem")}
            </s-button>
          ) : (
            <s-text color="subdued">{pointsText(i18n, "rewards.missing", Math.max(0, pointsMissing(summary, reward.points)))}</s-text>
          )}
        </s-stack>
      ))}
    </s-stack>
  );
}

/** A day, in the shopper's language: when their points expire. */
export function dateText(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : shopify.i18n.formatDate(date, { dateStyle: "long" });
}

export function expiryText(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : shopify.i18n.formatDate(date, { dateStyle: "medium", timeStyle: "short" });
}
