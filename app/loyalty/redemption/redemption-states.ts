// A reward code's life, as a pure state machine. A redemption is written "issuing" once its points are held; then
//   issue   — Shopify created the code:                         issuing → issued
//   fail    — Shopify refused it; the hold was voided:          issuing → failed
//   release — it lapsed unused; the hold was voided:            issuing | issued → released
//   use     — an order used the code; its points are spent:     issuing | issued | released | failed → used
//   return  — that order was cancelled or refunded in full, and
//             the points spent on it were given back:            used → returned
//   credit  — Shopify credited a store-credit reward; spent:     issuing → credited
//             (or the credit was found after its answer was lost)
// "returned" and "credited" are final, and so is "used" unless its order comes back. A store-credit reward has no
// code: it is credited or it fails, at once, unless Shopify's answer was lost; it then stays "issuing" until the
// lapsed-code job has looked the credit up (lost-credits.server.ts). An order can use a code whose points already came back (released, or
// failed although Shopify made it): the points are then spent again with a new debit (redemption-settlement.server.ts).
// A returned code is spent for good in Shopify: the order that used it keeps its one use counted even once
// cancelled (docs/decisions/039-points-back-for-cancelled-orders.md).

export const REDEMPTION_STATUSES = ["issuing", "issued", "used", "released", "failed", "returned", "credited"] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];

export type RedemptionEvent = "issue" | "fail" | "release" | "use" | "return" | "credit";

const TRANSITIONS: Record<RedemptionEvent, { from: readonly RedemptionStatus[]; to: RedemptionStatus }> = {
  issue: { from: ["issuing"], to: "issued" },
  fail: { from: ["issuing"], to: "failed" },
  release: { from: ["issuing", "issued"], to: "released" },
  use: { from: ["issuing", "issued", "released", "failed"], to: "used" },
  return: { from: ["used"], to: "returned" },
  credit: { from: ["issuing"], to: "credited" },
};

/** The statuses `event` may happen from, and the status it leads to. */
export function transition(event: RedemptionEvent): { from: readonly RedemptionStatus[]; to: RedemptionStatus } {
  return TRANSITIONS[event];
}

/** The status after `event`, or null when it cannot happen from `status` (it already happened, or another did). */
export function nextStatus(status: RedemptionStatus, event: RedemptionEvent): RedemptionStatus | null {
  const { from, to } = TRANSITIONS[event];
  return from.includes(status) ? to : null;
}

/** Codes whose points are still held for them: not yet used, released or failed. */
export const OPEN_STATUSES: readonly RedemptionStatus[] = ["issuing", "issued"];

/** Codes whose hold was voided: the points are back with the shopper. */
export const GIVEN_BACK_STATUSES: readonly RedemptionStatus[] = ["released", "failed"];

export function isRedemptionStatus(value: string): value is RedemptionStatus {
  return (REDEMPTION_STATUSES as readonly string[]).includes(value);
}
