import { describe, expect, it } from "vitest";
import { isRefundedInFull, planPointsReturns, returnReason, type OrderOutcome, type SpentReward } from "./redemption-returns";

const order = (fields: Partial<OrderOutcome> = {}): OrderOutcome => ({ orderId: "1001", cancelled: false, eligibleMinor: 5000, refundedMinor: 0, ...fields });
const used = (fields: Partial<SpentReward> = {}): SpentReward => ({ redemptionId: "r1", points: 500, status: "used", orderId: "1001", ...fields });
const ON = { returnOnFullRefund: true };
const OFF = { returnOnFullRefund: false };

describe("points back for the order that used a reward", () => {
  it("gives back what a cancelled order spent, keyed by the redemption", () => {
    expect(planPointsReturns(order({ cancelled: true }), [used()], ON)).toEqual([
      { redemptionId: "r1", points: 500, reason: "cancelled", idempotencyKey: "redemption:r1:return" },
    ]);
  });

  it("gives back on a cancellation whatever the full-refund setting says", () => {
    expect(planPointsReturns(order({ cancelled: true }), [used()], OFF)).toHaveLength(1);
  });

  it("gives back on a full refund only when the program says so", () => {
    const refunded = order({ refundedMinor: 5000 });
    expect(planPointsReturns(refunded, [used()], ON)).toEqual([{ redemptionId: "r1", points: 500, reason: "refunded", idempotencyKey: "redemption:r1:return" }]);
    expect(planPointsReturns(refunded, [used()], OFF)).toEqual([]);
  });

  it("gives nothing back for a partial refund, and everything once the refunds add up to the whole order", () => {
    expect(planPointsReturns(order({ refundedMinor: 4999 }), [used()], ON)).toEqual([]);
    expect(planPointsReturns(order({ refundedMinor: 5000 }), [used()], ON)).toHaveLength(1);
    // Refunds add up to more than the eligible spend only through rounding of tax; that is still the whole order.
    expect(planPointsReturns(order({ refundedMinor: 5001 }), [used()], ON)).toHaveLength(1);
  });

  it("keys a cancellation after a full refund the same as the refund: one return per redemption", () => {
    const [refunded] = planPointsReturns(order({ refundedMinor: 5000 }), [used()], ON);
    const [cancelled] = planPointsReturns(order({ refundedMinor: 5000, cancelled: true }), [used()], ON);
    expect(cancelled?.idempotencyKey).toBe(refunded?.idempotencyKey);
  });

  it("cannot tell a full refund of an order with no eligible spend", () => {
    expect(isRefundedInFull(order({ eligibleMinor: 0, refundedMinor: 0 }))).toBe(false);
    expect(returnReason(order({ eligibleMinor: 0, refundedMinor: 0 }), true)).toBeNull();
    expect(returnReason(order({ eligibleMinor: 0, cancelled: true }), true)).toBe("cancelled");
  });

  it("gives back only rewards this order used and still counts as used", () => {
    const rewards = [
      used({ redemptionId: "mine" }),
      used({ redemptionId: "other-order", orderId: "2002" }),
      used({ redemptionId: "already-back", status: "returned" }),
      used({ redemptionId: "unused", status: "issued", orderId: null }),
      used({ redemptionId: "released", status: "released", orderId: null }),
    ];
    expect(planPointsReturns(order({ cancelled: true }), rewards, ON).map((back) => back.redemptionId)).toEqual(["mine"]);
  });

  it("gives back nothing while the order stands", () => {
    expect(returnReason(order(), true)).toBeNull();
    expect(planPointsReturns(order(), [used()], ON)).toEqual([]);
  });
});
