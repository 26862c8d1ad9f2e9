import { describe, expect, it } from "vitest";
import { createArrivalClock } from "./arrival-clock";

describe("the arrival clock", () => {
  it("orders deliveries of one millisecond one after another, and makes each due when it arrived", () => {
    let now = 1_000;
    const arrive = createArrivalClock(() => now);
    const burst = Array.from({ length: 5 }, () => arrive());
    expect(burst.map((arrival) => arrival.receivedAt.getTime())).toEqual([1_000, 1_001, 1_002, 1_003, 1_004]);
    // Never in the future: the worker's claim takes deliveries due by now.
    expect(burst.map((arrival) => arrival.dueAt.getTime())).toEqual([1_000, 1_000, 1_000, 1_000, 1_000]);
    now = 1_002;
    expect(arrive()).toEqual({ receivedAt: new Date(1_005), dueAt: new Date(1_002) });
    now = 2_000;
    expect(arrive()).toEqual({ receivedAt: new Date(2_000), dueAt: new Date(2_000) });
  });
});
