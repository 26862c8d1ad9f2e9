// Member accounts in the database: one per (shop, Shopify customer). The one writer of members
// (app/db/table-owners.mjs): imports, referrals, bonuses, redaction and the demo call the functions here. Balances
// are not written here; only the ledger writer changes them.
import { randomUUID } from "node:crypto";
import { prismaOf, type Prisma, type TallyDatabase, type Writer } from "~/db/database.server";
import { Prisma as Sql } from "~/db/generated/sqlite/client";
import { newReferralCode } from "~/loyalty/referrals/referral-codes";
import { isUniqueViolation } from "~/db/prisma-errors";
import { dateOf, type DriverSql } from "~/db/driver-sql.server";
import { redactedCustomerKey } from "~/loyalty/privacy/redacted-customers.server";

export interface MemberProfile {
  shop: string;
  customerId: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  accountState?: "disabled" | "invited" | "enabled" | "declined";
  addressKey?: string | null;
  /** The customer's language as Shopify gives it (member emails are written in it). */
  locale?: string | null;
  /**
   * The customer's tags (exclusion/customer-tags.ts) as of `at`, the customer's updated_at in Shopify: kept only
   * when newer than the tags stored, so deliveries arriving out of order end with the newest.
   */
  tags?: { value: string | null; at: Date };
}

export interface MemberRecord {
  id: string;
  referralCode: string | null;
  signupBonusAt: Date | null;
  accountState: string;
  /** What decides whether the member is in the program (exclusion/member-standing.ts). */
  tags: string | null;
  excludedAt: Date | null;
}

const SELECT = { id: true, referralCode: true, signupBonusAt: true, accountState: true, tags: true, excludedAt: true } as const;
const ATTEMPTS = 5;

/**
 * The member for a customer, created on first sight with a referral code of their own; profile fields are
 * refreshed from the latest data (fields left undefined are kept). Two deliveries creating the same member at
 * once, or a referral code already taken, end in a retry rather than an error.
 */
export async function upsertMember(db: Writer, profile: MemberProfile, entryTier: string): Promise<MemberRecord> {
  const prisma = prismaOf(db);
  const { shop, customerId, tags, ...fields } = profile;
  for (let attempt = 1; ; attempt++) {
    try {
      const member = await prisma.member.upsert({
        where: { shop_customerId: { shop, customerId } },
        create: { id: randomUUID(), shop, customerId, tier: entryTier, referralCode: newReferralCode(fields.firstName), ...fields },
        update: fields,
        select: SELECT,
      });
      const current = tags && (await setNewerTags(prisma, member.id, tags)).count > 0 ? { ...member, tags: tags.value } : member;
      if (current.referralCode) return current;
      // Members created before they had codes (or by an import) get one the first time they are seen.
      return await prisma.member.update({ where: { id: current.id }, data: { referralCode: newReferralCode(fields.firstName) }, select: SELECT });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= ATTEMPTS) throw error;
    }
  }
}

function setNewerTags(prisma: Prisma, memberId: string, tags: { value: string | null; at: Date }) {
  return prisma.member.updateMany({
    where: { id: memberId, OR: [{ tagsUpdatedAt: null }, { tagsUpdatedAt: { lt: tags.at } }] },
    data: { tags: tags.value, tagsUpdatedAt: tags.at },
  });
}

interface MemberRow {
  id: string;
  referral_code: string | null;
  signup_bonus_at: unknown;
  account_state: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  tags: string | null;
  tags_updated_at: unknown;
  excluded_at: unknown;
  address_key: string | null;
  locale: string | null;
}

const MEMBER_BY_CUSTOMER = `SELECT id, referral_code, signup_bonus_at, account_state, email, first_name, last_name, tags, tags_updated_at, excluded_at,
  address_key, locale FROM members WHERE shop = ? AND customer_id = ?`;
// The member and whether the customer was erased (customers/redact), in one statement: always one row, the member's
// columns null when there is none. Every delivery with a customer asks both, one after the other.
const MEMBER_OR_ERASED = `SELECT EXISTS (SELECT 1 FROM redacted_customers WHERE shop = ? AND customer_key = ?) AS erased,
  m.id, m.referral_code, m.signup_bonus_at, m.account_state, m.email, m.first_name, m.last_name, m.tags, m.tags_updated_at, m.excluded_at,
  m.address_key, m.locale
  FROM (SELECT 1 AS probe) AS probe LEFT JOIN members m ON m.shop = ? AND m.customer_id = ?`;
const UPDATE_PROFILE = `UPDATE members SET email = ?, first_name = ?, last_name = ?, account_state = ?, tags = ?, tags_updated_at = ?, address_key = ?,
  locale = ?, updated_at = ? WHERE id = ?`;
// No conflict target: a taken customer id (another unit created the member) and a taken referral code both insert nothing.
// search_text is the triggers' value, written here so that SQLite's trigger need not write the row a second time
// (prisma/migrations/20261206190000_members_search_text_written_once); the line break is a parameter because the
// two databases spell it differently in SQL.
const INSERT_MEMBER = `INSERT INTO members (id, shop, customer_id, email, first_name, last_name, account_state, tier, referral_code, tags, tags_updated_at,
  address_key, locale, created_at, updated_at, search_text)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, LOWER(COALESCE(?, '') || ' ' || COALESCE(?, '')) || ? || LOWER(COALESCE(?, '')))
  ON CONFLICT DO NOTHING`;

const record = (row: MemberRow): MemberRecord => ({
  id: row.id,
  referralCode: row.referral_code,
  signupBonusAt: dateOf(row.signup_bonus_at),
  accountState: row.account_state,
  tags: row.tags,
  excludedAt: dateOf(row.excluded_at),
});

/**
 * upsertMember on the driver, for settling orders and customer events (every delivery with a customer): the same member, created
 * or refreshed, without a statement that can fail inside the unit of work (a failed statement would end a
 * PostgreSQL transaction). The profile is written only when it changes.
 */
export function upsertMemberNow(db: TallyDatabase, profile: MemberProfile, entryTier: string): Promise<MemberRecord> {
  return upsertMemberFrom(db, profile, entryTier, undefined);
}

/**
 * upsertMemberNow unless the customer was erased (customers/redact): then null, and nothing is written. A late
 * order or customer event about an erased customer would make a member with their name and email again. One
 * statement reads the member and the erasure.
 */
export async function upsertMemberUnlessErased(db: TallyDatabase, profile: MemberProfile, entryTier: string): Promise<MemberRecord | null> {
  const { shop, customerId } = profile;
  const row = await db.sql.get<Partial<MemberRow> & { erased: unknown }>(MEMBER_OR_ERASED, [shop, redactedCustomerKey(shop, customerId), shop, customerId]);
  if (row?.erased) return null;
  return upsertMemberFrom(db, profile, entryTier, row?.id ? (row as MemberRow) : null);
}

/** `known`: the member's row read a moment ago in this unit of work (null: there was none); undefined reads it. */
async function upsertMemberFrom(db: TallyDatabase, profile: MemberProfile, entryTier: string, known: MemberRow | null | undefined): Promise<MemberRecord> {
  const { sql } = db;
  const { shop, customerId } = profile;
  for (let attempt = 1; ; attempt++) {
    const row = attempt === 1 && known !== undefined ? known : await sql.get<MemberRow>(MEMBER_BY_CUSTOMER, [shop, customerId]);
    if (row) {
      // Members created before they had codes (or by an import) get one through upsertMember, which retries a taken code.
      if (row.referral_code === null) return upsertMember(db, profile, entryTier);
      const storedTagsAt = dateOf(row.tags_updated_at);
      const newerTags = profile.tags && (storedTagsAt === null || storedTagsAt.getTime() < profile.tags.at.getTime()) ? profile.tags : null;
      const next = {
        email: profile.email === undefined ? row.email : profile.email,
        first_name: profile.firstName === undefined ? row.first_name : profile.firstName,
        last_name: profile.lastName === undefined ? row.last_name : profile.lastName,
        account_state: profile.accountState ?? row.account_state,
        tags: newerTags ? newerTags.value : row.tags,
        address_key: profile.addressKey === undefined ? row.address_key : profile.addressKey,
        locale: profile.locale === undefined ? row.locale : profile.locale,
      };
      const changed =
        next.email !== row.email ||
        next.first_name !== row.first_name ||
        next.last_name !== row.last_name ||
        next.account_state !== row.account_state ||
        next.address_key !== row.address_key ||
        next.locale !== row.locale;
      // Newer tags that are the same as the stored ones are not written: most orders change nothing of a customer's
      // tags, and settlement is the hot path.
      if (changed || next.tags !== row.tags) {
        // updated_at is the write's own moment, as Prisma's @updatedAt has it.
        await sql.run(UPDATE_PROFILE, [
          next.email, next.first_name, next.last_name, next.account_state, next.tags, next.tags !== row.tags && newerTags ? newerTags.at : storedTagsAt,
          next.address_key, next.locale, new Date(), row.id,
        ]);
      }
      return record({ ...row, account_state: next.account_state, tags: next.tags });
    }
    const id = randomUUID();
    const referralCode = newReferralCode(profile.firstName);
    // Joined when the row is written, as upsertMember's default does: the demo replays its year by its own clock
    // and backdates joins itself (backdateMemberJoin).
    const joined = new Date();
    const inserted = await sql.run(INSERT_MEMBER, [
      id, shop, customerId, profile.email ?? null, profile.firstName ?? null, profile.lastName ?? null,
      profile.accountState ?? "disabled", entryTier, referralCode, profile.tags?.value ?? null, profile.tags?.at ?? null,
      profile.addressKey ?? null, profile.locale ?? null, joined, joined,
      profile.firstName ?? null, profile.lastName ?? null, "\n", profile.email ?? null,
    ]);
    if (inserted === 1) {
      return { id, referralCode, signupBonusAt: null, accountState: profile.accountState ?? "disabled", tags: profile.tags?.value ?? null, excludedAt: null };
    }
    // Nothing inserted: another unit created the member (read it again) or the code was taken (try another).
    if (attempt >= ATTEMPTS) throw new Error(`could not create a member for customer ${customerId} in ${shop}`);
  }
}

/** Records the tier a member holds and the spend behind it, on the driver; a member whose tier and spend stand is not written. */
export async function setMemberTierNow(sql: DriverSql, memberId: string, tier: string, tierSpend: number): Promise<void> {
  await sql.run("UPDATE members SET tier = ?, tier_spend = ?, updated_at = ? WHERE id = ? AND (tier <> ? OR tier_spend <> ?)", [
    tier, tierSpend, new Date(), memberId, tier, tierSpend,
  ]);
}

/** Records the tier a member now holds and the spend that put them there. */
export async function setMemberTier(db: Writer, memberId: string, tier: string, tierSpend: number): Promise<void> {
  await prismaOf(db).member.update({ where: { id: memberId }, data: { tier, tierSpend } });
}

/**
 * Every member of the shop whose stored tier is not `reached` (the SQL form of the tier their stored spend reaches,
 * app/loyalty/tiers/tier-bands-sql.server.ts) moves to it, in one statement; returns how many moved.
 */
export async function setShopMemberTiers(tx: Pick<Prisma, "$executeRaw">, shop: string, reached: Sql.Sql, now: Date, range?: MemberIdRange): Promise<number> {
  return tx.$executeRaw`UPDATE members SET tier = ${reached}, updated_at = ${now} WHERE shop = ${shop} AND tier <> ${reached}${inRange(range)}`;
}

/** Members whose id is after `after` and up to `through`, in id order: a slice of a shop worked one at a time. */
export interface MemberIdRange {
  after: string;
  through: string;
}

const inRange = (range: MemberIdRange | undefined): Sql.Sql => (range ? Sql.sql` AND id > ${range.after} AND id <= ${range.through}` : Sql.empty);

/** Every member of the shop gets `spend` (the SQL form of their qualifying spend) as stored spend, in one statement. */
export async function setShopTierSpend(tx: Pick<Prisma, "$executeRaw">, shop: string, spend: Sql.Sql, now: Date, range?: MemberIdRange): Promise<void> {
  await tx.$executeRaw`UPDATE members SET tier_spend = ${spend}, updated_at = ${now} WHERE shop = ${shop} AND tier_spend <> ${spend}${inRange(range)}`;
}

/** Notes that the member's sign-up bonus was granted, so a later customer event does not ask the ledger again. */
/** Records when the member's sign-up bonus was granted; on the driver, since settling a customer event does it. */
export async function markSignupBonusGranted(sql: DriverSql, memberId: string, at: Date): Promise<void> {
  await sql.run("UPDATE members SET signup_bonus_at = ?, updated_at = ? WHERE id = ?", [at, new Date(), memberId]);
}

/**
 * Records the birthday a member gave, only if it was last given at `previousGivenAt` (null: never): of two changes
 * sent at once, one finds the other's write and is checked again. Returns whether it was written.
 */
export async function setMemberBirthday(
  db: Writer,
  memberId: string,
  birthday: { month: number; day: number },
  givenAt: Date,
  previousGivenAt: Date | null,
): Promise<boolean> {
  const written = await prismaOf(db).member.updateMany({
    where: { id: memberId, birthdayGivenAt: previousGivenAt },
    data: { birthMonth: birthday.month, birthDay: birthday.day, birthdayGivenAt: givenAt },
  });
  return written.count === 1;
}

/** Notes the last year whose birthday bonus the member was paid, so the daily run does not ask the ledger again. */
export async function markBirthdayBonusPaid(db: Writer, memberId: string, year: number): Promise<void> {
  await prismaOf(db).member.updateMany({
    where: { id: memberId, OR: [{ birthdayPaidYear: null }, { birthdayPaidYear: { lt: year } }] },
    data: { birthdayPaidYear: year },
  });
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
 * Erases a member's profile (customers/redact): `customerId` becomes the pseudonym, name, email, address and
 * birthday go, the referral code is replaced and its Shopify discount forgotten. Id, tier and balances stay.
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
      birthMonth: null,
      birthDay: null,
      birthdayGivenAt: null,
      tags: null,
      tagsUpdatedAt: null,
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

/**
 * Staff take the member out of the program (`excludedAt` set) or back in (null); the reason is the audit log's
 * (exclusion/member-exclusion.server.ts). Returns whether anything changed: excluding an excluded member keeps the
 * first moment.
 */
export async function setMemberExcluded(db: Writer, shop: string, memberId: string, excludedAt: Date | null): Promise<boolean> {
  const where = excludedAt ? { id: memberId, shop, excludedAt: null } : { id: memberId, shop, excludedAt: { not: null } };
  return (await prismaOf(db).member.updateMany({ where, data: { excludedAt } })).count === 1;
}
