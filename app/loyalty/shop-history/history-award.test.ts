import { describe, expect, it } from "vitest";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { awardFor, previewAward, type WithheldOrder } from "./history-award";

const rules = defaultProgramRules();
const order = (fields: Partial<WithheldOrder>): WithheldOrder => ({
  orderId: "1",
  memberId: "m1",
  test: false,
  eligibleMinor: 12_345,
  refundedMinor: 0,
  cancelled: false,
  tierAtPaid: "member",
  ...fields,
});

describe("points for past orders", () => {
  it("earns as a live order would, at the tier held when paid", () => {
    expect(awardFor(order({}), rules)).toEqual({ earned: 123, kept: 123 });
    const silver = rules.tiers.find((tier) => tier.multiplierPercent > 100);
    expect(silver).toBeDefined();
    expect(awardFor(order({ eligibleMinor: 10_000, tierAtPaid: silver?.key ?? "" }), rules).earned).toBe(Math.floor((100 * (silver?.multiplierPercent ?? 100)) / 100));
  });

  it("keeps what refunds leave, pro rata, and nothing of a cancelled or test order", () => {
    expect(awardFor(order({ refundedMinor: 4_115 }), rules)).toEqual({ earned: 123, kept: 82 });
    expect(awardFor(order({ cancelled: true }), rules)).toEqual({ earned: 0, kept: 0 });
    expect(awardFor(order({ refundedMinor: 12_345 }), rules)).toEqual({ earned: 0, kept: 0 });
    expect(awardFor(order({ test: true }), rules)).toEqual({ earned: 0, kept: 0 });
  });

  it("counts members once and orders that pay something", () => {
    expect(previewAward([order({}), order({ orderId: "2", eligibleMinor: 5_000 }), order({ orderId: "3", memberId: "m2", cancelled: true })], rules)).toEqual({
      orders: 2,
      members: 1,
      points: 173,
    });
  });
});
