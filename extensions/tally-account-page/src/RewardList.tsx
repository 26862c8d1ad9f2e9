// Every reward of the program: the affordable ones can be redeemed here for a single-use code, shown with a copy
// button and the time it lapses; the others say how many points are missing.
import { useState } from "preact/hooks";
import { keepsRequestId, newRequestId, type ShopperApi } from "../../shared/shopper-api";
import type { Redemption, Reward, SignedInSummary } from "../../shared/shopper-responses";
import { failureText, pointsText, t } from "../../shared/i18n";

type State = { kind: "idle" } | { kind: "redeeming"; rewardId: string } | { kind: "error"; message: string } | { kind: "redeemed"; redemption: Redemption; title: string };

export function RewardList({ api, summary, onRedeemed }: { api: ShopperApi; summary: SignedInSummary; onRedeemed: () => Promise<void> }) {
  const i18n = shopify.i18n;
  const [state, setState] = useState<State>({ kind: "idle" });
  const [copied, setCopied] = useState(false);
  // Kept across retries of one reward so a retry after a lost answer cannot spend the points twice.
  const [requestIds] = useState(() => new Map<string, string>());

  async function redeem(reward: Reward) {
    const requestId = requestIds.get(reward.id) ?? newRequestId();
    requestIds.set(reward.id, requestId);
    setState({ kind: "redeeming", rewardId: reward.id });
    setCopied(false);
    const result = await api.redeem(reward.id, requestId);
    if (!result.ok) {
      if (!keepsRequestId(result.reason)) requestIds.delete(reward.id);
      setState({ kind: "error", message: failureText(i18n, result.reason) });
      return;
    }
    requestIds.delete(reward.id);
    // A retried request whose code was meanwhile used or lapsed has nothing to show.
    setState(
      result.value.status === "issued"
        ? { kind: "redeemed", redemption: result.value, title: result.value.reward.title || reward.title }
        : { kind: "error", message: failureText(i18n, "unavailable") },
    );
    await onRedeemed();
  }

  if (summary.rewards.length === 0) return <s-text color="subdued">{t(i18n, "rewards.none")}</s-text>;

  return (
    <s-stack gap="base">
      {state.kind === "error" && <s-banner tone="critical">{state.message}</s-banner>}
      {state.kind === "redeemed" && (
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
              loading={state.kind === "redeeming" && state.rewardId === reward.id}
              disabled={state.kind === "redeeming"}
              onClick={() => void redeem(reward)}
            >
              {t(i18n, "rewards.redeem")}
            </s-button>
          ) : (
            <s-text color="subdued">{pointsText(i18n, "rewards.missing", Math.max(0, reward.points - summary.balance.available + (summary.balance.owed ?? 0)))}</s-text>
          )}
        </s-stack>
      ))}
    </s-stack>
  );
}

export function expiryText(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : shopify.i18n.formatDate(date, { dateStyle: "medium", timeStyle: "short" });
}
