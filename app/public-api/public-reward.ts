// A reward as the public API shows it (the Reward schema in api-schemas.ts): the terms a redemption keeps on the
// server (its name, collections, the code's lifetime, a variant's id) are left out.
import type { z } from "zod";
import type { Reward } from "~/loyalty/redemption/rewards";
import type { rewardSchema } from "./api-schemas";

export function publicReward(reward: Reward): z.input<typeof rewardSchema> {
  const base = { id: reward.id, points: reward.points, minimumOrderMinor: reward.minimumOrderMinor };
  switch (reward.kind) {
    case "amount_off":
      return { ...base, kind: reward.kind, amountMinor: reward.amountMinor };
    case "percentage_off":
      return { ...base, kind: reward.kind, percent: reward.percent };
    case "free_shipping":
      return { ...base, kind: reward.kind };
    case "free_product":
      return { ...base, kind: reward.kind, productTitle: reward.productTitle };
    case "store_credit":
      return { ...base, kind: reward.kind, amountMinor: reward.amountMinor };
  }
}
