// A reward as the public API shows it (the Reward schema in api-schemas.ts): what it gives, not the terms a
// redemption keeps on the server (its name, collections, the code's lifetime, a variant's id), and for a tier-only
// reward the tiers that may redeem it.
import type { z } from "zod";
import { rewardFacts, type Reward } from "~/loyalty/redemption/rewards";
import type { rewardSchema } from "./api-schemas";

export function publicReward(reward: Reward): z.input<typeof rewardSchema> {
  return reward.tierKeys ? { ...rewardFacts(reward), tierKeys: reward.tierKeys } : rewardFacts(reward);
}
