// The rewards a shopper can buy with points, from the shop's program rules. Every surface (checkout, customer
// account, storefront widget) and the redemption itself read the catalogue through `rewardCatalogue` and
// `findReward`, so a reward the merchant adds to the program appears everywhere at once.
import type { ProgramRules } from "~/loyalty/program/program-rules";

export type Reward =
  | { id: string; kind: "amount_off"; points: number; amountMinor: number; minimumOrderMinor: number }
  | { id: string; kind: "percentage_off"; points: number; percent: number; minimumOrderMinor: number }
  | { id: string; kind: "free_shipping"; points: number; minimumOrderMinor: number };

/**
 * Fixed-cost rewards a program may define beside the amount-off ladder, set on the Program page (docs/program.md, "Redemption").
 * Read structurally so the catalogue follows the rules as soon as they carry them.
 */
interface FixedCostRewards {
  percentageOff?: { enabled: boolean; percent: number; points: number; minimumOrderMinor: number };
  freeShipping?: { enabled: boolean; points: number; minimumOrderMinor: number };
}

/** How many rungs of the amount-off ladder a shopper is offered at once (minimum, minimum + step, …). */
export const AMOUNT_OFF_RUNGS = 5;

function amountOff(points: number, redemption: ProgramRules["redemption"]): Reward {
  return {
    id: `amount-off-${points}`,
    kind: "amount_off",
    points,
    amountMinor: Math.floor((points * redemption.unitMinor) / redemption.points),
    minimumOrderMinor: 0,
  };
}

/** Can `points` be spent as an amount off: at least the minimum, and a whole number of steps above it? */
function isAmountOffRung(points: number, redemption: ProgramRules["redemption"]): boolean {
  return Number.isSafeInteger(points) && points >= redemption.minimumPoints && (points - redemption.minimumPoints) % redemption.stepPoints === 0;
}

/**
 * The rewards to show: the amount-off ladder from the program's minimum, then the fixed-cost rewards. With
 * `availablePoints`, the ladder climbs to the highest rung the shopper can afford so their best option is listed.
 */
export function rewardCatalogue(rules: ProgramRules, availablePoints = 0): Reward[] {
  const { redemption } = rules;
  const affordableRungs = Math.max(0, Math.floor((availablePoints - redemption.minimumPoints) / redemption.stepPoints));
  const top = Math.max(AMOUNT_OFF_RUNGS - 1, affordableRungs);
  const rungs = new Set<number>();
  for (let n = 0; n < AMOUNT_OFF_RUNGS - 1; n++) rungs.add(n);
  rungs.add(top);
  const rewards: Reward[] = [...rungs].sort((a, b) => a - b).map((n) => amountOff(redemption.minimumPoints + n * redemption.stepPoints, redemption));
  const fixed = redemption as ProgramRules["redemption"] & FixedCostRewards;
  if (fixed.percentageOff?.enabled) {
    const { percent, points, minimumOrderMinor } = fixed.percentageOff;
    rewards.push({ id: `percentage-off-${percent}`, kind: "percentage_off", points, percent, minimumOrderMinor });
  }
  if (fixed.freeShipping?.enabled) {
    const { points, minimumOrderMinor } = fixed.freeShipping;
    rewards.push({ id: "free-shipping", kind: "free_shipping", points, minimumOrderMinor });
  }
  return rewards;
}

/** The reward a shopper asked for by id, priced by the current rules; null when the program has no such reward. */
export function findReward(rules: ProgramRules, rewardId: string): Reward | null {
  const ladder = /^amount-off-(\d{1,9})$/.exec(rewardId);
  if (ladder) {
    const points = Number(ladder[1]);
    return isAmountOffRung(points, rules.redemption) ? amountOff(points, rules.redemption) : null;
  }
  return rewardCatalogue(rules).find((reward) => reward.id === rewardId) ?? null;
}
