// The sign-up bonus (docs/program.md): points for a customer who has an account, once per member. Other bonuses
// paid for something a member did rather than an order (a birthday, a campaign) belong beside it, each with a
// pure rule like this one and a grant that writes through the ledger.
import type { ProgramRules } from "~/loyalty/program/program-rules";

export type AccountState = "disabled" | "invited" | "enabled" | "declined";

/** The sign-up bonus's ledger key: once per member. It names the member, not the Shopify customer. */
export function signupBonusKey(memberId: string): string {
  return `member:${memberId}:signup`;
}

/** The points a member is owed for signing up now: none until they have an account, and none a second time. */
export function signupBonusDue(member: { accountState: AccountState; signupBonusAt: Date | null }, rules: ProgramRules): number {
  if (member.accountState !== "enabled" || member.signupBonusAt !== null) return 0;
  return Math.max(0, rules.signupBonus);
}
