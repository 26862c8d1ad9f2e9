// Delivery-to-points latency (bench/points-latency.ts): an event counts as shown at the first reading of the
// balances that reaches the customer's expected state after it, and an event that moves two balances (a friend's
// order and the advocate's reward) only once both show.
import { describe, expect, it } from "vitest";
import { PointsLatency, type BalanceReading } from "../../bench/points-latency";

/** A reading: customer → [posted, the transfer that last wrote the row]. */
const reading = (rows: Record<string, [number, string]>) => new Map<string, BalanceReading>(Object.entries(rows).map(([c, [posted, witness]]) => [c, { posted, witness }]));

describe("PointsLatency", () => {
  it("times each event at the reading where its customer's balance reaches the state after it", () => {
    const latency = new PointsLatency([
      { event: 1, customerId: "a", delta: 100 },
      { event: 2, customerId: "a", delta: 50 },
      { event: 3, customerId: "b", delta: 20 },
      { event: 3, customerId: "c", delta: 500 },
      { event: 4, customerId: "a", delta: -50 },
    ]);
    expect(latency.observe(reading({ a: [100, "t1"] }), 10)).toEqual([1]);
    // b shows, c (the advocate) not yet: event 3 waits for both. a's row is as it was: 100 is still event 1's state,
    // not the same balance again after event 4.
    expect(latency.observe(reading({ a: [100, "t1"], b: [20, "t3"] }), 20)).toEqual([]);
    expect(latency.observe(reading({ a: [100, "t1"], b: [20, "t3"], c: [500, "t3c"] }), 30)).toEqual([3]);
    expect(latency.unseen()).toBe(2);
    // Events 2 and 4 both landed between two readings: a new transfer, the same balance; both show here.
    expect(latency.observe(reading({ a: [100, "t4"] }), 40).sort()).toEqual([2, 4]);
    expect([...latency.shownAt]).toEqual([[1, 10], [3, 30], [2, 40], [4, 40]]);
    expect(latency.unseen()).toBe(0);
  });
});
