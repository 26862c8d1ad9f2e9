// What an order's points should be, given every fact known about it, and the next transfers that bring the ledger
// there from where it stands. The caller applies the steps and plans again until nothing is left to do. Settling
// after each event (paid, refund, cancellation, the pending window's end), in any order and any number of times,
// ends in the same balances: that is how Tally stays exact when Shopify delivers out of order or twice.
// Idempotency keys name the target state, so a repeated plan is a replay, not a second transfer.
import { reversedPointsForRefunds } from "./purchase-points";

export interface OrderFacts {
  orderId: string;
  /** Points the order earned, fixed when its payment was first settled; null while unpaid. */
  earned: number | null;
  eligibleMinor: number;
  refundedMinor: number;
  cancelled: boolean;
  /** End of the pending window; null when points post at once. */
  postAt: Date | null;
}

export interface OrderLedger {
  /** The order's unresolved pending PURCHASE, if any. */
  pending: { id: string; points: number } | null;
  /** The order's posted PURCHASE (posted directly or by posting the pending one), if any. */
  posted: { id: string; points: number } | null;
  /** Points reversed so far on the posted PURCHASE. */
  reversed: number;
}

export type SettlementStep =
  | { kind: "earn"; status: "posted" | "pending"; points: number; idempotencyKey: string }
  | { kind: "post"; pendingId: string; idempotencyKey: string }
  | { kind: "void"; pendingId: string; code: "REFUND_REVERSAL" | "CANCELLATION"; idempotencyKey: string }
  | { kind: "reverse"; transferId: string; points: number; code: "REFUND_REVERSAL" | "CANCELLATION"; idempotencyKey: string };

export function planOrderSettlement(facts: OrderFacts, ledger: OrderLedger, now: Date): SettlementStep[] {
  const earned = facts.earned ?? 0;
  if (earned <= 0) return [];
  const key = `order:${facts.orderId}`;
  const reason = facts.cancelled ? "CANCELLATION" : "REFUND_REVERSAL";
  const reversedTarget = facts.cancelled ? earned : reversedPointsForRefunds(earned, facts.eligibleMinor, facts.refundedMinor);
  const net = earned - reversedTarget;
  const windowOpen = facts.postAt !== null && now.getTime() < facts.postAt.getTime();

  if (ledger.posted) {
    // Points that never posted (taken off while pending) count as already reversed.
    const target = Math.max(0, reversedTarget - (earned - ledger.posted.points));
    if (target <= ledger.reversed) return [];
    return [{ kind: "reverse", transferId: ledger.posted.id, points: target - ledger.reversed, code: reason, idempotencyKey: `${key}:reverse:${target}` }];
  }

  const steps: SettlementStep[] = [];
  let pending = ledger.pending;
  if (pending && pending.points !== net) {
    // A pending transfer cannot be partly voided: void it and hold the new net amount instead.
    steps.push({ kind: "void", pendingId: pending.id, code: reason, idempotencyKey: `${key}:void:${pending.id}` });
    pending = null;
  }
  if (windowOpen) {
    if (!pending && net > 0) steps.push({ kind: "earn", status: "pending", points: net, idempotencyKey: `${key}:earn:pending:${net}` });
    return steps;
  }
  if (pending) {
    steps.push({ kind: "post", pendingId: pending.id, idempotencyKey: `${key}:post:${pending.id}` });
  } else if (ledger.pending === null && facts.postAt === null) {
    // Nothing was ever held: earn the whole order; the next round reverses what was refunded, as the natural
    // order of events would have.
    steps.push({ kind: "earn", status: "posted", points: earned, idempotencyKey: `${key}:earn` });
  } else if (net > 0) {
    steps.push({ kind: "earn", status: "posted", points: net, idempotencyKey: `${key}:earn:net:${net}` });
  }
  return steps;
}
