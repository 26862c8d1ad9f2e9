import { describe, expect, it } from "vitest";
import { planOrderSettlement, type OrderFacts, type OrderLedger, type SettlementStep } from "./order-settlement";

const NOW = new Date("2026-11-23T12:00:00Z");
const LATER = new Date("2026-12-07T12:00:00Z");

/** Applies a plan to an in-memory ledger, round after round, the way the settlement runner does. */
function settle(facts: OrderFacts, ledger: OrderLedger, now = NOW): { ledger: OrderLedger; steps: SettlementStep[] } {
  const all: SettlementStep[] = [];
  let current = ledger;
  let ids = 0;
  for (let round = 0; round < 5; round++) {
    const steps = planOrderSettlement(facts, current, now);
    if (steps.length === 0) return { ledger: current, steps: all };
    all.push(...steps);
    for (const step of steps) {
      if (step.kind === "earn") {
        const transfer = { id: `t${++ids}`, points: step.points };
        current = step.status === "pending" ? { ...current, pending: transfer } : { ...current, posted: transfer };
      } else if (step.kind === "post") {
        current = { ...current, posted: current.pending, pending: null };
      } else if (step.kind === "void") {
        current = { ...current, pending: null };
      } else {
        current = { ...current, reversed: current.reversed + step.points };
      }
    }
  }
  throw new Error("settlement did not converge");
}

const EMPTY: OrderLedger = { pending: null, posted: null, reversed: 0 };
const paid = (fields: Partial<OrderFacts> = {}): OrderFacts => ({ orderId: "1", earned: 123, eligibleMinor: 12345, refundedMinor: 0, cancelled: false, postAt: null, ...fields });
const postedNet = (l: OrderLedger) => (l.posted ? l.posted.points - l.reversed : 0);

describe("planOrderSettlement", () => {
  it("earns nothing before payment, or for an order that earned nothing", () => {
    expect(planOrderSettlement(paid({ earned: null, refundedMinor: 500 }), EMPTY, NOW)).toEqual([]);
    expect(planOrderSettlement(paid({ earned: 0 }), EMPTY, NOW)).toEqual([]);
  });

  it("posts the order's points at once with no pending window", () => {
    const { ledger, steps } = settle(paid(), EMPTY);
    expect(steps).toEqual([{ kind: "earn", status: "posted", points: 123, idempotencyKey: "order:1:earn" }]);
    expect(postedNet(ledger)).toBe(123);
  });

  it("reverses pro rata and cumulatively as refunds arrive, never more than earned", () => {
    let { ledger } = settle(paid(), EMPTY);
    ({ ledger } = settle(paid({ refundedMinor: 4115 }), ledger));
    expect(ledger.reversed).toBe(41);
    ({ ledger } = settle(paid({ refundedMinor: 8230 }), ledger));
    expect(ledger.reversed).toBe(82);
    ({ ledger } = settle(paid({ refundedMinor: 12345 }), ledger));
    expect(ledger.reversed).toBe(123);
    ({ ledger } = settle(paid({ refundedMinor: 12345, cancelled: true }), ledger));
    expect(ledger.reversed).toBe(123);
  });

  it("gives the same result when the refund is known before the payment settles", () => {
    const { ledger, steps } = settle(paid({ refundedMinor: 4115 }), EMPTY);
    expect(steps.map((s) => s.kind)).toEqual(["earn", "reverse"]);
    expect(postedNet(ledger)).toBe(123 - 41);
  });

  it("holds points pending for the window, re-holding the net amount after a refund, and posts at the end", () => {
    let { ledger } = settle(paid({ postAt: LATER }), EMPTY);
    expect(ledger.pending?.points).toBe(123);
    ({ ledger } = settle(paid({ postAt: LATER, refundedMinor: 4115 }), ledger));
    expect(ledger.pending?.points).toBe(82);
    expect(ledger.posted).toBeNull();
    ({ ledger } = settle(paid({ postAt: LATER, refundedMinor: 4115 }), ledger, LATER));
    expect(ledger).toMatchObject({ pending: null, posted: { points: 82 }, reversed: 0 });
    // A refund after posting reverses only what posted points still owe.
    ({ ledger } = settle(paid({ postAt: LATER, refundedMinor: 12345 }), ledger, LATER));
    expect(postedNet(ledger)).toBe(0);
  });

  it("voids pending points on cancellation and reverses posted ones", () => {
    const pending = settle(paid({ postAt: LATER }), EMPTY).ledger;
    const cancelledPending = settle(paid({ postAt: LATER, cancelled: true }), pending);
    expect(cancelledPending.steps).toEqual([{ kind: "void", pendingId: "t1", code: "CANCELLATION", idempotencyKey: "order:1:void:t1" }]);
    const posted = settle(paid(), EMPTY).ledger;
    const cancelledPosted = settle(paid({ cancelled: true, refundedMinor: 4115 }), posted);
    expect(postedNet(cancelledPosted.ledger)).toBe(0);
  });

  it("posts the net amount directly when payment is settled after the window already ended", () => {
    const { ledger, steps } = settle(paid({ postAt: NOW, refundedMinor: 4115 }), EMPTY, LATER);
    expect(steps).toEqual([{ kind: "earn", status: "posted", points: 82, idempotencyKey: "order:1:earn:net:82" }]);
    expect(postedNet(ledger)).toBe(82);
  });

  it("plans nothing once the ledger matches the facts", () => {
    const { ledger } = settle(paid({ refundedMinor: 4115 }), EMPTY);
    expect(planOrderSettlement(paid({ refundedMinor: 4115 }), ledger, NOW)).toEqual([]);
  });
});
