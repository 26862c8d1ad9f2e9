// The Referrals page: one page of a shop's referrals, newest first, with the advocate, the friend, the reward
// paid or taken back, and what a staff member may still decide. Five queries per page, none per row.
import { z } from "zod";
import { REFERRAL_STATUSES, referralsPage as t } from "~/admin/strings/referrals";
import type { ReadOnlyPrisma } from "~/db/database.server";
import { referralReversalKey, referralRewardKey } from "~/loyalty/referrals/referral-store.server";

export const REFERRALS_PAGE_SIZE = 50;

export const referralsSearchSchema = z.object({
  status: z.union([z.enum(REFERRAL_STATUSES), z.literal("")], { error: t.invalidStatus }).default(""),
  page: z.coerce.number({ error: t.invalidPage }).int({ error: t.invalidPage }).min(1, { error: t.invalidPage }).max(1_000_000, { error: t.invalidPage }).default(1),
});
export type ReferralsSearch = z.infer<typeof referralsSearchSchema>;

interface Person {
  memberId: string | null;
  name: string | null;
  customerId: string | null;
}

export interface ReferralListing {
  id: string;
  createdAt: string;
  orderId: string;
  code: string;
  status: string;
  reason: string | null;
  rewardAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  advocate: Person;
  friend: Person;
  /** Points paid to the advocate for this referral, and whether they were taken back. */
  reward: { points: number; reversed: boolean } | null;
  canApprove: boolean;
  canReject: boolean;
}

export interface ReferralsPage {
  referrals: ReferralListing[];
  status: string;
  page: number;
  pageCount: number;
  total: number;
  /** Referrals in the shop whatever the filter, to tell "none yet" from "none match". */
  any: boolean;
}

function fullName(member: { firstName: string | null; lastName: string | null } | undefined): string | null {
  if (!member) return null;
  return [member.firstName, member.lastName].filter(Boolean).join(" ") || null;
}

export async function queryReferrals(prisma: ReadOnlyPrisma, shop: string, search: ReferralsSearch): Promise<ReferralsPage> {
  const where = { shop, ...(search.status ? { status: search.status } : {}) };
  const total = await prisma.referral.count({ where });
  const any = search.status ? (await prisma.referral.findFirst({ where: { shop }, select: { id: true } })) !== null : total > 0;
  const pageCount = Math.max(1, Math.ceil(total / REFERRALS_PAGE_SIZE));
  const page = Math.min(search.page, pageCount);
  const rows = await prisma.referral.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * REFERRALS_PAGE_SIZE,
    take: REFERRALS_PAGE_SIZE,
  });

  const advocateIds = [...new Set(rows.map((row) => row.advocateMemberId))];
  const friendIds = [...new Set(rows.flatMap((row) => (row.friendCustomerId ? [row.friendCustomerId] : [])))];
  const keys = rows.flatMap((row) => [referralRewardKey(row.orderId), referralReversalKey(row.orderId)]);
  const select = { id: true, customerId: true, firstName: true, lastName: true } as const;
  const [advocates, friends, transfers] = await Promise.all([
    // By id alone, then kept to the shop: with the shop in the query SQLite (without statistics) reads the shop's
    // members along a members(shop, ...) index instead of looking the ids up.
    advocateIds.length
      ? prisma.member
          .findMany({ where: { id: { in: advocateIds } }, select: { ...select, shop: true } })
          .then((members) => members.filter((member) => member.shop === shop))
      : [],
    friendIds.length ? prisma.member.findMany({ where: { shop, customerId: { in: friendIds } }, select }) : [],
    keys.length ? prisma.transfer.findMany({ where: { shop, idempotencyKey: { in: keys } }, select: { idempotencyKey: true, points: true } }) : [],
  ]);
  const byKey = new Map(transfers.map((transfer) => [transfer.idempotencyKey, transfer.points]));

  const referrals = rows.map((row): ReferralListing => {
    const advocate = advocates.find((member) => member.id === row.advocateMemberId);
    const friend = friends.find((member) => member.customerId === row.friendCustomerId);
    const paid = byKey.get(referralRewardKey(row.orderId));
    const reversed = byKey.has(referralReversalKey(row.orderId));
    return {
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      orderId: row.orderId,
      code: row.code,
      status: row.status,
      reason: row.reason,
      rewardAt: row.rewardAt?.toISOString() ?? null,
      decidedBy: row.decidedBy,
      decidedAt: row.decidedAt?.toISOString() ?? null,
      advocate: { memberId: row.advocateMemberId, name: fullName(advocate), customerId: advocate?.customerId ?? null },
      friend: { memberId: friend?.id ?? null, name: fullName(friend), customerId: row.friendCustomerId },
      reward: paid === undefined ? null : { points: paid, reversed },
      canApprove: row.status === "pending" || (row.status === "rejected" && !reversed),
      canReject: row.status === "pending" || row.status === "rewarded",
    };
  });
  return { referrals, status: search.status, page, pageCount, total, any };
}
