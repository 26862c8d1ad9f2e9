// "A reward is within reach": after points came in, the member is at most the merchant's margin short of the
// cheapest reward they cannot yet afford, and was not before. Once per reward per crossing: falling back and
// crossing again is a new crossing; staying inside the margin is not.

export interface RewardCost {
  id: string;
  points: number;
}

/** The cheapest reward costing more than `available`. */
export function cheapestOutOfReach<R extends RewardCost>(rewards: readonly R[], available: number): R | null {
  let best: R | null = null;
  for (const reward of rewards) {
    if (reward.points > available && (best === null || reward.points < best.points)) best = reward;
  }
  return best;
}

function inReach(reward: RewardCost, available: number, margin: number): boolean {
  return available < reward.points && reward.points - available <= margin;
}

/** The reward that came within reach when available points went from `before` to `after`; null when none did. */
export function rewardComingWithinReach<R extends RewardCost>(rewards: readonly R[], before: number, after: number, margin: number): R | null {
  if (after <= before || margin <= 0) return null;
  const target = cheapestOutOfReach(rewards, after);
  if (!target || !inReach(target, after, margin)) return null;
  return inReach(target, before, margin) ? null : target;
}
