// The demo's reward codes as production keeps them: each points hold of the demo's history gets its `redemptions`
// row (the code, the reward it bought, its end), moved as the story resolves it, so the member page's Rewards card,
// the shopper's open codes and the history's "Reward redeemed" entries tell one story. Codes come from the hold's
// key, so a re-seed writes the same rows, or none; the rows are written by their owner (redemption-store.server.ts).
import { createHash } from "node:crypto";
import type { TallyDatabase } from "~/db/database.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { newRewardCode } from "~/loyalty/redemption/redeem-reward.server";
import { moveRedemptionOfHold, recordIssuedRedemption } from "~/loyalty/redemption/redemption-store.server";
import { codeLifetimeHoursOf, findReward } from "~/loyalty/redemption/rewards";

const HOUR_MS = 3_600_000;

/** A code drawn from the hold's key instead of a random source. */
function demoCode(key: string): string {
  const bytes = createHash("sha256").update(key).digest();
  let next = 0;
  return newRewardCode((max) => (bytes[next++] ?? 0) % max);
}

/** The reward's row for a hold the demo made: the rung of the program's amount-off reward its points buy, issued. */
export async function recordDemoRedemption(
  db: TallyDatabase,
  hold: { shop: string; memberId: string; reservationId: string; key: string; points: number; at: Date },
  rules: ProgramRules,
): Promise<void> {
  const ladder = rules.rewards.find((entry) => entry.kind === "amount_off" && entry.pricing === "per_points");
  const reward = ladder ? findReward(rules, `${ladder.id}-${hold.points}`) : null;
  if (!reward) throw new Error(`Demo seed: ${hold.points} points buy no rung of the program's amount-off reward`);
  await recordIssuedRedemption(db, {
    id: `demo-${hold.key}`,
    shop: hold.shop,
    memberId: hold.memberId,
    code: demoCode(hold.key),
    points: hold.points,
    reservationId: hold.reservationId,
    requestId: hold.key,
    reward: JSON.stringify(reward),
    expiresAt: new Date(hold.at.getTime() + codeLifetimeHoursOf(reward) * HOUR_MS),
    now: hold.at,
  });
}

/** The demo story's end for a code: used (its points spent) or lapsed unused (its points back). */
export async function resolveDemoRedemption(db: TallyDatabase, reservationId: string, outcome: "post" | "void", at: Date): Promise<void> {
  await moveRedemptionOfHold(db, reservationId, outcome === "post" ? "use" : "release", at);
}
