// Redeeming a reward, as checkout and the customer account page both do it (a code, or store credit): one request id per reward kept
// across retries until the backend has answered for good (so a retry after a lost answer cannot spend the
// points twice), failures worded by failureText, a retried request whose code was meanwhile used or lapsed
// treated as unavailable, and the summary read again afterwards. Each surface says only what it does with a
// new code: checkout applies it, the account page shows it.
import { useState } from "preact/hooks";
import { failureText, type ExtensionI18n } from "./i18n";
import { keepsRequestId, newRequestId, type ShopperApi } from "./shopper-api";
import type { Redemption, Reward, SignedInSummary } from "./shopper-responses";

export type RedeemState<Issued> = { kind: "idle" } | { kind: "redeeming"; rewardId: string } | { kind: "error"; message: string } | Issued;

/**
 * `issued` turns a new code into what the surface shows next; `title` is the reward's, as the backend worded it
 * for the code (or as the list did).
 */
export function useRedeem<Issued extends { kind: string }>(
  i18n: ExtensionI18n,
  api: ShopperApi,
  onRedeemed: () => Promise<void>,
  issued: (redemption: Redemption, title: string) => Promise<Issued> | Issued,
) {
  const [state, setState] = useState<RedeemState<Issued>>({ kind: "idle" });
  const [requestIds] = useState(() => new Map<string, string>());

  async function redeem(reward: Reward) {
    const requestId = requestIds.get(reward.id) ?? newRequestId();
    requestIds.set(reward.id, requestId);
    setState({ kind: "redeeming", rewardId: reward.id });
    const result = await api.redeem(reward.id, requestId);
    if (!result.ok) {
      if (!keepsRequestId(result.reason)) requestIds.delete(reward.id);
      setState({ kind: "error", message: failureText(i18n, result.reason) });
      return;
    }
    requestIds.delete(reward.id);
    // "credited": a store-credit reward, added to the shopper's store credit; the surface says so instead of a code.
    const fresh = result.value.status === "issued" || result.value.status === "credited";
    setState(fresh ? await issued(result.value, result.value.reward.title || reward.title) : { kind: "error", message: failureText(i18n, "unavailable") });
    await onRedeemed();
  }

  const redeeming = state.kind === "redeeming" && "rewardId" in state ? state.rewardId : null;
  /** Whether a redemption is under way: of this reward, or of any. */
  const busy = (rewardId?: string) => redeeming !== null && (rewardId === undefined || redeeming === rewardId);
  return { state, redeem, busy };
}

/** Points still to earn before a reward is within reach: points owed are repaid first (ADR 021). */
export function pointsMissing(summary: SignedInSummary, points: number): number {
  return points - summary.balance.available + (summary.balance.owed ?? 0);
}
