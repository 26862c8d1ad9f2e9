import { describe, expect, it } from "vitest";
import { cheapestOutOfReach, rewardComingWithinReach } from "./within-reach";

const rewards = [
  { id: "amount-off-500", points: 500 },
  { id: "amount-off-600", points: 600 },
  { id: "free-shipping", points: 300 },
];

describe("a reward coming within reach", () => {
  it("is the cheapest reward the member cannot afford yet", () => {
    expect(cheapestOutOfReach(rewards, 100)?.id).toBe("free-shipping");
    expect(cheapestOutOfReach(rewards, 450)?.id).toBe("amount-off-500");
    expect(cheapestOutOfReach(rewards, 600)).toBeNull();
  });

  it("comes when points cross into the margin, once per crossing", () => {
    expect(rewardComingWithinReach(rewards, 340, 450, 100)?.id).toBe("amount-off-500");
    // Already inside the margin before: no second email.
    expect(rewardComingWithinReach(rewards, 450, 460, 100)).toBeNull();
    // Affording the reward is not "within reach" of it; the next one may be.
    expect(rewardComingWithinReach(rewards, 450, 520, 100)?.id).toBe("amount-off-600");
    // Outside the margin, going down, or no margin: nothing.
    expect(rewardComingWithinReach(rewards, 300, 350, 100)).toBeNull();
    expect(rewardComingWithinReach(rewards, 460, 450, 100)).toBeNull();
    expect(rewardComingWithinReach(rewards, 340, 450, 0)).toBeNull();
  });
});
