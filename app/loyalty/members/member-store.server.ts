// Member accounts in the database: one per (shop, Shopify customer). Balances are not written here; only the
// ledger writer changes them.
import { randomUUID } from "node:crypto";
import type { Prisma } from "~/db/database.server";
import { newReferralCode } from "~/loyalty/referrals/referral-codes";
import { isUniqueViolation } from "~/db/prisma-errors";

export interface MemberProfile {
  shop: string;
  customerId: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  accountState?: "disabled" | "invited" | "enabled" | "declined";
  addressKey?: string | null;
}

export interface MemberRecord {
  id: string;
  referralCode: string | null;
  signupBonusAt: Date | null;
  accountState: string;
}

const SELECT = { id: true, referralCode: true, signupBonusAt: true, accountState: true } as const;
const ATTEMPTS = 5;

/**
 * The member for a customer, created on first sight with a referral code of their own; profile fields are
 * refreshed from the latest data (fields left undefined are kept). Two deliveries creating the same member at
 * once, or a referral code already taken, end in a retry rather than an error.
 */
export async function upsertMember(prisma: Prisma, profile: MemberProfile, entryTier: string): Promise<MemberRecord> {
  const { shop, customerId, ...fields } = profile;
  for (let attempt = 1; ; attempt++) {
    try {
      const member = await prisma.member.upsert({
        where: { shop_customerId: { shop, customerId } },
        create: { id: randomUUID(), shop, customerId, tier: entryTier, referralCode: newReferralCode(fields.firstName), ...fields },
        update: fields,
        select: SELECT,
      });
      if (member.referralCode) return member;
      // Members created before they had codes (or by an import) get one the first time they are seen.
      return await prisma.member.update({ where: { id: member.id }, data: { referralCode: newReferralCode(fields.firstName) }, select: SELECT });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/** Records the tier a member now holds and the spend that put them there. */
export async function setMemberTier(prisma: Prisma, memberId: string, tier: string, tierSpend: number): Promise<void> {
  await prisma.member.update({ where: { id: memberId }, data: { tier, tierSpend } });
}

/** Notes that the member's sign-up bonus was granted, so a later customer event does not ask the ledger again. */
export async function markSignupBonusGranted(prisma: Prisma, memberId: string, at: Date): Promise<void> {
  await prisma.member.update({ where: { id: memberId }, data: { signupBonusAt: at } });
}
