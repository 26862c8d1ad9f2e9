import { describe, expect, it } from "vitest";
import { createBurstDetector } from "./burst-detector";

function detector() {
  let clock = 0;
  const burst = createBurstDetector({ windowMs: 100, arrivals: 20, now: () => clock });
  return { burst, advance: (ms: number) => (clock += ms) };
}

describe("createBurstDetector", () => {
  it("sees no burst in a steady trickle below the threshold rate", () => {
    const { burst, advance } = detector();
    for (let i = 0; i < 200; i++) {
      burst.arrived();
      advance(20); // 50 per second: 5 per window
      expect(burst.burstOn()).toBe(false);
    }
  });

  it("sees a burst once a window holds the threshold, and through the next window", () => {
    const { burst, advance } = detector();
    for (let i = 0; i < 19; i++) burst.arrived();
    expect(burst.burstOn()).toBe(false);
    burst.arrived();
    expect(burst.burstOn()).toBe(true);
    advance(150);
    expect(burst.burstOn()).toBe(true);
  });

  it("ends the burst when a whole window passes quietly", () => {
    const { burst, advance } = detector();
    for (let i = 0; i < 50; i++) burst.arrived();
    advance(250);
    expect(burst.burstOn()).toBe(false);
    burst.arrived();
    expect(burst.burstOn()).toBe(false);
  });
});
