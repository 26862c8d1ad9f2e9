import { countsAsEarned } from "./transfer-codes";
import type { Transfer } from "./transfers";

/** A member's balances, derived from their transfers. */
export interface Balances {
  /** Sum of posted transfers. */
  posted: number;
  /** Pending credits not yet posted or voided. */
  pendingCredit: number;
  /** Pending debits (reservations) not yet posted or voided. */
  pendingDebit: number;
  lifetimeEarned: number;
}

export const ZERO_BALANCES: Balances = Object.freeze({ posted: 0, pendingCredit: 0, pendingDebit: 0, lifetimeEarned: 0 });

/** What the member can spend now: posted points less what is reserved. Pending credits are not spendable yet. */
export function availablePoints(balances: Balances): number {
  return balances.posted - balances.pendingDebit;
}

type BalanceEffect = Pick<Transfer, "code" | "points" | "status" | "pendingId">;

/** The balances after one more transfer. The single definition of what a transfer does to a balance. */
export function applyTransfer(balances: Balances, transfer: BalanceEffect): Balances {
  const next = { ...balances };
  if (transfer.pendingId !== null) {
    // A resolution row carries the pending transfer's points: take them out of pending.
    if (transfer.points > 0) next.pendingCredit -= transfer.points;
    else next.pendingDebit += transfer.points;
  } else if (transfer.status === "pending") {
    if (transfer.points > 0) next.pendingCredit += transfer.points;
    else next.pendingDebit -= transfer.points;
    return next;
  }
  if (transfer.status === "posted") {
    next.posted += transfer.points;
    if (countsAsEarned(transfer.code)) next.lifetimeEarned += transfer.points;
  }
  return next;
}

/** Re-derives every member's balances from their transfers, in any order. */
export function deriveBalances(transfers: Iterable<BalanceEffect & Pick<Transfer, "memberId">>): Map<string, Balances> {
  const byMember = new Map<string, Balances>();
  for (const transfer of transfers) {
    byMember.set(transfer.memberId, applyTransfer(byMember.get(transfer.memberId) ?? ZERO_BALANCES, transfer));
  }
  return byMember;
}

export function sameBalances(a: Balances, b: Balances): boolean {
  return (
    a.posted === b.posted &&
    a.pendingCredit === b.pendingCredit &&
    a.pendingDebit === b.pendingDebit &&
    a.lifetimeEarned === b.lifetimeEarned
  );
}
