// Member accounts in the database: one per (shop, Shopify customer). The one writer of members
// (app/db/table-owners.mjs): imports, referrals, bonuses, redaction and the demo call the functions here. Balances
// are not written here; only the ledger writer changes them.
import { randomUUID } from "node:crypto";
import { prismaOf, type Prisma, type Writer } from "~/db/database.server";
import type { Prisma as Sql } from "~/db/generated/sqlite/client";
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
export async function upsertMember(db: Writer, profile: MemberProfile, entryTier: string): Promise<MemberRecord> {
  const prisma = prismaOf(db);
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
export async function setMemberTier(db: Writer, memberId: string, tier: string, tierSpend: number): Promise<void> {
  await prismaOf(db).member.update({ where: { id: memberId }, data: { tier, tierSpend } });
}

/**
 * Every member of the shop whose stored tier is not `reached` (the SQL form of the tier their stored spend reaches,
 * app/loyalty/tiers/tier-bands-sql.server.ts) moves to it, in one statement; returns how many moved.
 */
export async function setShopMemberTiers(tx: Pick<Prisma, "$executeRaw">, shop: string, reached: Sql.Sql, now: Date): Promise<number> {
  return tx.$executeRaw`UPDATE members SET tier = ${reached}, updated_at = ${now} WHERE shop = ${shop} AND tier <> ${reached}`;
}

/** Every member of the shop gets `spend` (the SQL form of their qualifying spend) as stored spend, in one statement. */
export async function setShopTierSpend(tx: Pick<Prisma, "$executeRaw">, shop: string, spend: Sql.Sql, now: Date): Promise<void> {
  await tx.$executeRaw`UPDATE members SET tier_spend = ${spend}, updated_at = ${now} WHERE shop = ${shop} AND tier_spend <> ${spend}`;
}

/** Notes that the member's sign-up bonus was granted, so a later customer event does not ask the ledger again. */
export async function markSignupBonusGranted(db: Writer, memberId: string, at: Date): Promise<void> {
  await prismaOf(db).member.update({ where: { id: memberId }, data: { signupBonusAt: at } });
}

/** The percentage the advocate's friend discount in Shopify now gives. */
export async function setReferralDiscountPercent(db: Writer, memberId: string, percent: number): Promise<void> {
  await prismaOf(db).member.update({ where: { id: memberId }, data: { referralDiscountPercent: percent } });
}

/** The friend discount made in Shopify for the advocate's code; one made first by another request is kept. */
export async function recordReferralDiscount(db: Writer, memberId: string, discountId: string, percent: number): Promise<void> {
  await prismaOf(db).member.updateMany({ where: { id: memberId, referralDiscountId: null }, data: { referralDiscountId: discountId, referralDiscountPercent: percent } });
}

/** A member an import creates for a customer Tally has not seen yet (no referral code: see upsertMember). */
export interface ImportedMember {
  id: string;
  shop: string;
  customerId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  tier: string;
  createdAt: Date;
}

/**
 * Creates the members an import batch needs: all at once, or, when a customers/create webhook created some of them
 * meanwhile, the others one by one, leaving the webhook's members as Shopify described them.
 */
export async function createImportedMembers(db: Writer, members: ImportedMember[]): Promise<"all_created" | "some_existed"> {
  const prisma = prismaOf(db);
  try {
    await prisma.member.createMany({ data: members });
    return "all_created";
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    for (const member of members) {
      await prisma.member.create({ data: member }).catch((failure: unknown) => {
        if (!isUniqueViolation(failure)) throw failure;
      });
    }
    return "some_existed";
  }
}

/**
 * Erases a member's profile (customers/redact): `customerId` becomes the pseudonym, name, email and address go,
 * the referral code is replaced and its Shopify discount forgotten. Id, tier and balances stay.
 */
export async function eraseMemberProfile(db: Writer, memberId: string, erased: { customerId: string; referralCode: string | null; redactedAt: Date }): Promise<void> {
  await prismaOf(db).member.update({
    where: { id: memberId },
    data: {
      customerId: erased.customerId,
      email: null,
      firstName: null,
      lastName: null,
      addressKey: null,
      referralCode: erased.referralCode,
      referralDiscountId: null,
      referralDiscountPercent: null,
      redactedAt: erased.redactedAt,
    },
  });
}

/** Deletes every member of the shop (shop/redact); returns how many. */
export async function eraseShopMembers(db: Writer, shop: string): Promise<number> {
  return (await prismaOf(db).member.deleteMany({ where: { shop } })).count;
}

/** The demo replays a year: a member joined when the customer signed up then, not when the seed ran. */
export async function backdateMemberJoin(db: Writer, shop: string, customerId: string, joinedAt: Date): Promise<void> {
  await prismaOf(db).member.updateMany({ where: { shop, customerId, createdAt: { gt: joinedAt } }, data: { createdAt: joinedAt } });
}
