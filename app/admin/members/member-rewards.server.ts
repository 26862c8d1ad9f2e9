// The rewards on a member's page: what they bought with points (codes and store credit, with what became of each)
// and the catalogue rewards given for reaching a tier (with Shopify's last refusal while one waits), newest first.
// Staff answer "where is my code?" from here. Read by indexes: redemptions(member_id, created_at) and
// tier_reward_grants(member_id, tier_key).
import type { ReadOnlyPrisma } from "~/db/database.server";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { findShop } from "~/loyalty/program/shop-store.server";
import { UNISSUED_CODE_PREFIX } from "~/loyalty/redemption/orphan-holds.server";
import type { Reward } from "~/loyalty/redemption/rewards";
import { shopperStrings } from "~/shopper/shopper-strings";

/** Rewards bought with points a member's page shows; tier rewards are at most one per tier, and all shown. */
export const MEMBER_REWARDS_SHOWN = 10;

export interface MemberRewardRow {
  id: string;
  createdAt: string;
  source: "bought" | "tier";
  /** What the reward gives, as the shopper reads it; null for a hold whose request stopped before its reward was kept. */
  title: string | null;
  storeCredit: boolean;
  /** Points paid: 0 for a tier's reward. */
  points: number;
  /** The tier a tier reward was given for. */
  tierName: string | null;
  /** The discount code, or a store credit's reference; null when no code was ever made. */
  code: string | null;
  /** redemptions: issuing | issued | used | released | failed | returned | credited; tier rewards: queued | issued | credited. */
  status: string;
  /** When an unused code lapses, or (an "issuing" store credit) when Tally looks the credit up in Shopify. */
  expiresAt: string | null;
  orderId: string | null;
  /** A tier reward waiting for Shopify: attempts so far, Shopify's last answer, and the next try. */
  retry: { attempts: number; lastError: string | null; nextAttemptAt: string } | null;
}

export interface MemberRewards {
  rows: MemberRewardRow[];
  /** Rewards bought with points in all, of which the latest MEMBER_REWARDS_SHOWN are in `rows`. */
  boughtTotal: number;
}

export async function loadMemberRewards(read: ReadOnlyPrisma, shop: string, memberId: string): Promise<MemberRewards> {
  const where = { shop, memberId };
  const [shopRecord, redemptions, boughtTotal, grants] = await Promise.all([
    findShop(read, shop),
    read.redemption.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: MEMBER_REWARDS_SHOWN }),
    read.redemption.count({ where }),
    read.tierRewardGrant.findMany({ where }),
  ]);
  const tiers = (shopRecord?.rules ?? defaultProgramRules()).tiers;
  const words = shopperStrings("en", shopRecord?.currencyCode ?? "USD");
  /** What every row has: when it was made, and what its reward gives. */
  const base = (row: { id: string; createdAt: Date; reward: string | null }) => {
    const reward = row.reward ? (JSON.parse(row.reward) as Reward) : null;
    return { id: row.id, createdAt: row.createdAt.toISOString(), title: reward ? words.rewardTitle(reward) : null, storeCredit: reward?.kind === "store_credit" };
  };
  const bought = redemptions.map((row): MemberRewardRow => ({
    ...base(row),
    source: "bought",
    points: row.points,
    tierName: null,
    code: row.code.startsWith(UNISSUED_CODE_PREFIX) ? null : row.code,
    status: row.status,
    expiresAt: row.expiresAt.toISOString(),
    orderId: row.orderId,
    retry: null,
  }));
  const given = grants.map((row): MemberRewardRow => ({
    ...base(row),
    source: "tier",
    points: 0,
    // A tier the program no longer has is named by its key.
    tierName: tiers.find((tier) => tier.key === row.tierKey)?.name ?? row.tierKey,
    code: row.code,
    status: row.status,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    orderId: null,
    retry: row.status === "queued" && row.attempts > 0 ? { attempts: row.attempts, lastError: row.lastError, nextAttemptAt: row.nextAttemptAt.toISOString() } : null,
  }));
  const rows = [...bought, ...given].sort((a, b) => (a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt < b.createdAt ? 1 : -1));
  return { rows, boughtTotal };
}
