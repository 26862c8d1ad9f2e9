// Grants the sign-up bonus through the ledger, keyed by member so that it is paid once whatever arrives twice.
import type { TallyDatabase } from "~/db/database.server";
import { markSignupBonusGranted } from "~/loyalty/members/member-store.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { signupBonusDue, signupBonusKey, type AccountState } from "./signup-bonus";

export async function grantSignupBonus(
  db: TallyDatabase,
  shop: string,
  rules: ProgramRules,
  member: { id: string; accountState: AccountState; signupBonusAt: Date | null },
  now: Date,
): Promise<void> {
  const points = signupBonusDue(member, rules);
  if (points === 0) return;
  const outcome = await db.ledger.recordTransfer({
    shop,
    memberId: member.id,
    code: "SIGNUP_BONUS",
    points,
    status: "posted",
    idempotencyKey: signupBonusKey(member.id),
  });
  // A conflict means the bonus was granted before, under an earlier amount: once is once.
  if (!outcome.ok && outcome.error !== "idempotency_conflict") throw new Error(`sign-up bonus: ${outcome.message}`);
  await markSignupBonusGranted(db.sql, member.id, now);
}
