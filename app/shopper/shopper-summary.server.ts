// The signed-in shopper's loyalty account, as every surface shows it: GET /apps/tally/customer (storefront
// widget) and GET /api/shopper/summary (checkout, customer account). contract/shopper-api.ts is its shape;
// docs/shopper-api.md documents the fields.
import { creditedNetworks } from "~/loyalty/actions/credit-social-follow.server";
import { HISTORY_STATUSES, type SignedInSummary, type SignedOutSummary } from "../../contract/shopper-api";
import type { TallyDatabase } from "~/db/database.server";
import { memberStanding } from "~/loyalty/exclusion/member-standing";
import { upsertMember } from "~/loyalty/members/member-store.server";
import type { ShopRecord } from "~/loyalty/program/shop-store.server";
import { tierFor, tierProgress } from "~/loyalty/tiers/tiers";
import { birthdayChangeableFrom } from "~/loyalty/bonuses/birthday-bonus";
import { tierNow } from "~/loyalty/tiers/member-tiers.server";
import { openTierGrantCodes } from "~/loyalty/tiers/tier-grant-store.server";
import { redeemPlaces } from "~/loyalty/redemption/redeem-places";
import { isTransferCode } from "~/loyalty/ledger/transfer-codes";
import { describeReward, programExplainer } from "./program-explainer";
import { rewardCatalogue } from "~/loyalty/redemption/rewards";
import { memberPointsExpireAt } from "~/loyalty/expiry/expiry-clock";
import { memberActivity } from "~/loyalty/expiry/member-activity.server";
import type { ShopperStrings } from "./shopper-strings";

const HISTORY_LENGTH = 20;

export function referralUrl(shop: string, code: string): string {
  return `https://${shop}/apps/tally/r/${encodeURIComponent(code)}`;
}

export async function signedOutSummary(shop: ShopRecord, strings: ShopperStrings, now: Date = new Date()): Promise<SignedOutSummary> {
  return { signedIn: false, program: programExplainer(shop.rules, shop.currencyCode, strings, now, redeemPlaces(shop)) };
}

async function memberFor(db: TallyDatabase, shop: ShopRecord, customerId: string) {
  const select = { id: true, referralCode: true, birthMonth: true, birthDay: true, birthdayGivenAt: true, tags: true, excludedAt: true } as const;
  const existing = await db.read.member.findUnique({ where: { shop_customerId: { shop: shop.domain, customerId } }, select });
  if (existing?.referralCode) return existing;
  // A customer Tally has not heard of yet (their customers/create is still on its way) gets an account now, so
  // they can share a referral code from their first visit. The webhook fills in the profile later.
  await upsertMember(db, { shop: shop.domain, customerId }, tierFor(0, shop.rules.tiers).key);
  return db.read.member.findUniqueOrThrow({ where: { shop_customerId: { shop: shop.domain, customerId } }, select });
}

/** The birthday the member gave, and from when they may change it; null until they give one. */
function memberBirthday(member: { birthMonth: number | null; birthDay: number | null; birthdayGivenAt: Date | null }): SignedInSummary["birthday"] {
  if (member.birthMonth === null || member.birthDay === null || member.birthdayGivenAt === null) return null;
  return { month: member.birthMonth, day: member.birthDay, changeableFrom: birthdayChangeableFrom(member.birthdayGivenAt).toISOString() };
}

const historyStatus = (status: string): SignedInSummary["history"][number]["status"] => {
  const known = HISTORY_STATUSES.find((value) => value === status);
  if (!known) throw new Error(`a transfer with status ${JSON.stringify(status)}`);
  return known;
};

/** The history a shopper reads: each transfer once, with what became of it (a hold that was posted or given back). */
async function recentHistory(db: TallyDatabase, memberId: string, strings: ShopperStrings): Promise<SignedInSummary["history"]> {
  const transfers = await db.read.transfer.findMany({
    where: { memberId, pendingId: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: HISTORY_LENGTH,
    select: { id: true, code: true, points: true, status: true, createdAt: true },
  });
  const pendingIds = transfers.filter((transfer) => transfer.status === "pending").map((transfer) => transfer.id);
  const resolutions = pendingIds.length
    ? await db.read.transfer.findMany({ where: { pendingId: { in: pendingIds } }, select: { pendingId: true, status: true } })
    : [];
  const resolved = new Map(resolutions.map((row) => [row.pendingId, row.status]));
  return transfers.map((transfer) => ({
    id: transfer.id,
    code: transfer.code,
    points: transfer.points,
    status: historyStatus(resolved.get(transfer.id) ?? transfer.status),
    title: isTransferCode(transfer.code) ? strings.historyTitle(transfer.code) : transfer.code,
    createdAt: transfer.createdAt.toISOString(),
  }));
}

/** When the shopper's available points expire, told ahead so they can keep them (null when they will not). */
async function pointsExpiry(db: TallyDatabase, shop: ShopRecord, memberId: string, available: number, now: Date): Promise<SignedInSummary["expiry"]> {
  if (!shop.rules.expiry.enabled || available <= 0) return null;
  const activity = await memberActivity(db.read, shop.domain, memberId);
  // None while the program is paused: nothing expires then, and the date moves by as long as the pause lasts.
  const due = activity && memberPointsExpireAt(activity, shop.rules, now);
  return due ? { points: available, expiresAt: due.expiresAt.toISOString() } : null;
}

export async function shopperSummary(db: TallyDatabase, shop: ShopRecord, customerId: string, strings: ShopperStrings, now: Date): Promise<SignedInSummary> {
  const member = await memberFor(db, shop, customerId);
  const [balance, history, referrals, openCodes, grantedCodes, current, follows] = await Promise.all([
    db.read.balance.findUnique({ where: { memberId: member.id } }),
    recentHistory(db, member.id, strings),
    db.read.referral.groupBy({ by: ["status"], where: { shop: shop.domain, advocateMemberId: member.id }, _count: { _all: true } }),
    db.read.redemption.findMany({
      where: { memberId: member.id, status: "issued", expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
      select: { code: true, points: true, expiresAt: true, reward: true },
    }),
    // Codes a tier gave on entry (docs/decisions/050-tier-entry-rewards-and-grace.md): open codes like the bought ones, at no cost.
    openTierGrantCodes(db.read, member.id, now),
    // The tier the next order earns at, counted now: orders may have left the window since the stored tier.
    tierNow(db, shop.domain, member.id, shop.rules, now),
    db.read.transfer.findMany({ where: { memberId: member.id, code: "SOCIAL_FOLLOW" }, select: { idempotencyKey: true } }),
  ]);
  // A negative balance is a debt, said in words (strings.owed), never shown as "-500 points" (ADR 021).
  const balancePoints = balance?.available ?? 0;
  const available = Math.max(0, balancePoints);
  const owed = Math.max(0, -balancePoints);
  const { tier } = current;
  const progress = tierProgress(current.total, shop.rules.tiers, tier);
  const referralCount = (status: string) => referrals.find((row) => row.status === status)?._count._all ?? 0;
  const code = member.referralCode ?? "";
  const standing = memberStanding(member, shop.rules, now);
  return {
    signedIn: true,
    standing,
    standingText: standing === "in" ? null : strings.error(standing === "paused" ? "program_paused" : "not_in_program"),
    expiry: await pointsExpiry(db, shop, member.id, available, now),
    balance: {
      available,
      owed,
      owedText: owed > 0 ? strings.owed(owed) : null,
      pending: balance?.pendingCredit ?? 0,
      reserved: balance?.pendingDebit ?? 0,
      lifetimeEarned: balance?.lifetimeEarned ?? 0,
    },
    birthday: memberBirthday(member),
    tier: {
      key: tier.key,
      name: tier.name,
      multiplierPercent: tier.multiplierPercent,
      progress: progress.next
        ? { nextTierName: progress.next.name, remainingAmount: progress.remainingAmount, remaining: strings.tierAmount(progress.remainingAmount, shop.rules.tierMeasure), percent: progress.percent }
        : null,
      // Only while the grace period keeps the tier (app/loyalty/tiers/tier-grace.ts).
      ...(current.keptUntil ? { keptUntil: current.keptUntil.toISOString(), keptText: strings.tierKept(tier.name, current.keptUntil) } : {}),
    },
    referral: {
      code,
      url: referralUrl(shop.domain, code),
      friendDiscountPercent: shop.rules.referral.friendDiscountPercent,
      advocatePoints: shop.rules.referral.advocatePoints,
      made: referrals.reduce((sum, row) => sum + row._count._all, 0),
      rewarded: referralCount("rewarded"),
      pending: referralCount("pending"),
    },
    // Only what this member's tier may buy; the program's list below shows the tier-only rewards too.
    rewards: rewardCatalogue(shop.rules, available, tier.key).map((reward) => ({ ...describeReward(reward, strings, shop.rules.tiers), affordable: standing === "in" && available >= reward.points })),
    codes: openCodes.map((row) => ({
      code: row.code,
      points: row.points,
      expiresAt: row.expiresAt.toISOString(),
      title: row.reward ? strings.rewardTitle(JSON.parse(row.reward)) : null,
    })).concat(
      grantedCodes.flatMap((row) => (row.expiresAt ? [{ code: row.code, points: 0, expiresAt: row.expiresAt.toISOString(), title: strings.rewardTitle(JSON.parse(row.reward)) }] : [])),
    ),
    history,
    followed: creditedNetworks(member.id, follows.map((row) => row.idempotencyKey)),
    program: programExplainer(shop.rules, shop.currencyCode, strings, now, redeemPlaces(shop)),
  };
}
