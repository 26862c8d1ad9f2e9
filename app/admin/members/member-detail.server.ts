// One member's page: balances, tier and progress, a page of the points history, and the referrals they made and
// received, as plain data for the route. Every query is scoped to the shop and reads by an index
// (transfers(member_id, created_at), referrals(shop, advocate_member_id), members(shop, customer_id)).
import { z } from "zod";
import { memberDetail as t } from "~/admin/strings/members";
import type { ReadOnlyPrisma } from "~/db/database.server";
import { defaultProgramRules, type TierMeasure } from "~/loyalty/program/program-rules";
import { excludedTagOf } from "~/loyalty/exclusion/customer-tags";
import { memberStanding } from "~/loyalty/exclusion/member-standing";
import { findShop } from "~/loyalty/program/shop-store.server";
import { tierByKey, tierProgress } from "~/loyalty/tiers/tiers";

export const HISTORY_PAGE_SIZE = 25;
/** Referrals a member's page shows per side; the Referrals page lists every one. */
export const MEMBER_REFERRALS_SHOWN = 10;

export const memberDetailSearchSchema = z.object({
  page: z.coerce.number({ error: t.invalidPage }).int({ error: t.invalidPage }).min(1, { error: t.invalidPage }).max(1_000_000, { error: t.invalidPage }).default(1),
});
export type MemberDetailSearch = z.infer<typeof memberDetailSearchSchema>;

/** A member id from the URL: anything else cannot name a member, and is answered like an unknown one. */
export const memberIdSchema = z.string().min(1).max(100);

export interface HistoryEntry {
  id: string;
  createdAt: string;
  code: string;
  points: number;
  status: string;
  orderId: string | null;
  actor: string;
  memo: string | null;
  /** Set when this entry posts or cancels an earlier pending one. */
  pendingId: string | null;
  /** Set when this entry undoes (part of) an earlier one. */
  reversesId: string | null;
}

export interface MemberReferral {
  id: string;
  createdAt: string;
  orderId: string;
  status: string;
  reason: string | null;
  /** The other side: the friend on a referral made, the advocate on one received. */
  other: { memberId: string | null; name: string | null; customerId: string | null };
}

export interface MemberDetail {
  member: {
    id: string;
    customerId: string;
    firstName: string | null;
    lastName: string | null;
    email: string | null;
    referralCode: string | null;
    joinedAt: string;
    redacted: boolean;
  };
  currencyCode: string;
  balances: { available: number; pendingCredit: number; pendingDebit: number; lifetimeEarned: number };
  /** `total`: what the tiers follow, in `measure` (docs/program.md, "Tiers"). */
  tier: { name: string; measure: TierMeasure; total: number; next: { name: string; remainingAmount: number; percent: number } | null };
  history: { entries: HistoryEntry[]; page: number; pageCount: number; total: number };
  referralsMade: { shown: MemberReferral[]; total: number };
  referredBy: MemberReferral[];
  /** Whether the member takes part: staff's exclusion, the excluded tag they carry, the program's pause. */
  participation: { excludedAt: string | null; excludedTag: string | null; paused: boolean };
}

function fullName(member: { firstName: string | null; lastName: string | null } | undefined): string | null {
  if (!member) return null;
  return [member.firstName, member.lastName].filter(Boolean).join(" ") || null;
}

interface ReferralRow {
  id: string;
  createdAt: Date;
  orderId: string;
  status: string;
  reason: string | null;
}

function memberReferral(referral: ReferralRow, other: MemberReferral["other"]): MemberReferral {
  return { id: referral.id, createdAt: referral.createdAt.toISOString(), orderId: referral.orderId, status: referral.status, reason: referral.reason, other };
}

/** The member's page, or null when the shop has no member with this id (another shop's member included). */
export async function loadMemberDetail(prisma: ReadOnlyPrisma, shop: string, memberId: string, search: MemberDetailSearch): Promise<MemberDetail | null> {
  const member = await prisma.member.findFirst({ where: { id: memberId, shop }, include: { balance: true } });
  if (!member) return null;
  const shopRecord = await findShop(prisma, shop);
  const rules = shopRecord?.rules ?? defaultProgramRules();
  const progress = tierProgress(member.tierSpend, rules.tiers);

  const total = await prisma.transfer.count({ where: { memberId: member.id } });
  const pageCount = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
  const page = Math.min(search.page, pageCount);
  const transfers = await prisma.transfer.findMany({
    where: { memberId: member.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * HISTORY_PAGE_SIZE,
    take: HISTORY_PAGE_SIZE,
  });

  const [made, madeTotal, received] = await Promise.all([
    prisma.referral.findMany({ where: { shop, advocateMemberId: member.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: MEMBER_REFERRALS_SHOWN }),
    prisma.referral.count({ where: { shop, advocateMemberId: member.id } }),
    prisma.referral.findMany({ where: { shop, friendCustomerId: member.customerId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: MEMBER_REFERRALS_SHOWN }),
  ]);
  const friendIds = [...new Set(made.flatMap((referral) => (referral.friendCustomerId ? [referral.friendCustomerId] : [])))];
  const advocateIds = [...new Set(received.map((referral) => referral.advocateMemberId))];
  const [friends, advocates] = await Promise.all([
    friendIds.length ? prisma.member.findMany({ where: { shop, customerId: { in: friendIds } }, select: { id: true, customerId: true, firstName: true, lastName: true } }) : [],
    // By id alone, then kept to the shop: with the shop in the query SQLite (without statistics) reads the shop's
    // members along a members(shop, ...) index instead of looking the ids up.
    advocateIds.length
      ? prisma.member
          .findMany({ where: { id: { in: advocateIds } }, select: { id: true, shop: true, customerId: true, firstName: true, lastName: true } })
          .then((members) => members.filter((member) => member.shop === shop))
      : [],
  ]);

  return {
    member: {
      id: member.id,
      customerId: member.customerId,
      firstName: member.firstName,
      lastName: member.lastName,
      email: member.email,
      referralCode: member.referralCode,
      joinedAt: member.createdAt.toISOString(),
      redacted: member.redactedAt !== null,
    },
    participation: {
      excludedAt: member.excludedAt?.toISOString() ?? null,
      excludedTag: excludedTagOf(member.tags, rules.exclusions.customerTags),
      paused: memberStanding(null, rules, new Date()) === "paused",
    },
    currencyCode: shopRecord?.currencyCode ?? "USD",
    balances: {
      available: member.balance?.available ?? 0,
      pendingCredit: member.balance?.pendingCredit ?? 0,
      pendingDebit: member.balance?.pendingDebit ?? 0,
      lifetimeEarned: member.balance?.lifetimeEarned ?? 0,
    },
    tier: {
      name: tierByKey(member.tier, rules.tiers).name,
      measure: rules.tierMeasure,
      total: member.tierSpend,
      next: progress.next ? { name: progress.next.name, remainingAmount: progress.remainingAmount, percent: progress.percent } : null,
    },
    history: {
      entries: transfers.map((transfer) => ({
        id: transfer.id,
        createdAt: transfer.createdAt.toISOString(),
        code: transfer.code,
        points: transfer.points,
        status: transfer.status,
        orderId: transfer.orderId,
        actor: transfer.actor,
        memo: transfer.memo,
        pendingId: transfer.pendingId,
        reversesId: transfer.reversesId,
      })),
      page,
      pageCount,
      total,
    },
    referralsMade: {
      total: madeTotal,
      shown: made.map((referral) => {
        const friend = friends.find((candidate) => candidate.customerId === referral.friendCustomerId);
        return memberReferral(referral, { memberId: friend?.id ?? null, name: fullName(friend), customerId: referral.friendCustomerId });
      }),
    },
    referredBy: received.map((referral) => {
      const advocate = advocates.find((candidate) => candidate.id === referral.advocateMemberId);
      return memberReferral(referral, { memberId: referral.advocateMemberId, name: fullName(advocate), customerId: advocate?.customerId ?? null });
    }),
  };
}
