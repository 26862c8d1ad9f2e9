import { describe, expect, it } from "vitest";
import { applyTransfer, availablePoints, deriveBalances, ZERO_BALANCES } from "./balances";
import type { Transfer } from "./transfers";

type Effect = Pick<Transfer, "memberId" | "code" | "points" | "status" | "pendingId">;
const t = (fields: Partial<Effect>): Effect => ({ memberId: "m", code: "PURCHASE", points: 0, status: "posted", pendingId: null, ...fields });

describe("applyTransfer", () => {
  it("adds posted points to posted and, for earnings, to lifetime earned", () => {
    const after = applyTransfer(ZERO_BALANCES, t({ points: 123 }));
    expect(after).toEqual({ posted: 123, pendingCredit: 0, pendingDebit: 0, lifetimeEarned: 123 });
    expect(availablePoints(after)).toBe(123);
  });

  it("keeps spending out of lifetime earned and reversals of earnings in it", () => {
    let b = applyTransfer(ZERO_BALANCES, t({ points: 500 }));
    b = applyTransfer(b, t({ code: "REDEMPTION", points: -200 }));
    b = applyTransfer(b, t({ code: "EXPIRY", points: -50 }));
    b = applyTransfer(b, t({ code: "REFUND_REVERSAL", points: -100 }));
    expect(b).toEqual({ posted: 150, pendingCredit: 0, pendingDebit: 0, lifetimeEarned: 400 });
  });

  it("holds pending credits apart from what is available, and pending debits against it", () => {
    let b = applyTransfer(ZERO_BALANCES, t({ points: 300 }));
    b = applyTransfer(b, t({ points: 80, status: "pending" }));
    b = applyTransfer(b, t({ code: "REDEMPTION", points: -100, status: "pending" }));
    expect(b).toEqual({ posted: 300, pendingCredit: 80, pendingDebit: 100, lifetimeEarned: 300 });
    expect(availablePoints(b)).toBe(200);
  });

  it("moves posted resolutions out of pending into posted, and voided ones out of pending only", () => {
    let b = { posted: 300, pendingCredit: 80, pendingDebit: 100, lifetimeEarned: 300 };
    b = applyTransfer(b, t({ points: 80, status: "posted", pendingId: "p1" }));
    expect(b).toEqual({ posted: 380, pendingCredit: 0, pendingDebit: 100, lifetimeEarned: 380 });
    b = applyTransfer(b, t({ code: "REDEMPTION_RELEASE", points: -100, status: "voided", pendingId: "p2" }));
    expect(b).toEqual({ posted: 380, pendingCredit: 0, pendingDebit: 0, lifetimeEarned: 380 });
  });
});

describe("deriveBalances", () => {
  it("gives the same balances whatever the order of the transfers", () => {
    const transfers = [
      t({ memberId: "a", points: 100 }),
      t({ memberId: "a", points: 40, status: "pending" }),
      t({ memberId: "b", points: 7 }),
      t({ memberId: "a", points: 40, status: "posted", pendingId: "x" }),
      t({ memberId: "a", code: "REDEMPTION", points: -60, status: "pending" }),
    ];
    const forward = deriveBalances(transfers);
    const backward = deriveBalances([...transfers].reverse());
    expect(forward).toEqual(backward);
    expect(forward.get("a")).toEqual({ posted: 140, pendingCredit: 0, pendingDebit: 60, lifetimeEarned: 140 });
    expect(forward.get("b")).toEqual({ posted: 7, pendingCredit: 0, pendingDebit: 0, lifetimeEarned: 7 });
  });
});
