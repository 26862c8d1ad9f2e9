// Re-tiering every member of a shop at once, after a program save (docs/decisions/009-program-changes-apply-from-now-on.md):
// the stored spend recounted when the way spend is counted changes, and the tier moved when the spend or the
// ladder did. Each is one statement however many members, from the SQL forms of the rules beside them, run by the
// members' writer (app/db/table-owners.mjs).
import type { Prisma } from "~/db/database.server";
import { Prisma as Sql } from "~/db/generated/sqlite/client";
import { setShopMemberTiers, setShopTierSpend, type MemberIdRange } from "~/loyalty/members/member-store.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { qualifyingTotalSql } from "./qualifying-total-sql.server";
import { tierKeySql } from "./tier-bands-sql.server";
import { graceMs, heldTier, heldTierLookbackMs } from "./tier-grace";

type Transaction = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/**
 * Moves every member whose stored tier is not the one their stored total reaches under the rules' tiers, but for
 * members the grace period keeps in a tier their total fell below (tier-grace.ts), who move to the tier they hold;
 * returns how many moved. Members of a removed tier land where their total puts them.
 */
export async function retierMembers(tx: Transaction, shop: string, rules: ProgramRules, now: Date, range?: MemberIdRange): Promise<number> {
  const kept = await keptTiers(tx, shop, rules, now, range);
  const reached = tierKeySql(Sql.sql`tier_spend`, rules.tiers);
  const held = kept.size === 0 ? reached : Sql.sql`CASE id ${Sql.join([...kept].map(([id, key]) => Sql.sql`WHEN ${id} THEN ${key}`), " ")} ELSE ${reached} END`;
  return setShopMemberTiers(tx, shop, held, now, range);
}

/**
 * With a grace period, the members whose stored total fell below their stored tier, and the tier each holds now
 * (heldTier over their orders of the window and the grace period). Only those members' orders are read.
 */
async function keptTiers(tx: Transaction, shop: string, rules: ProgramRules, now: Date, range?: MemberIdRange): Promise<Map<string, string>> {
  const kept = new Map<string, string>();
  if (graceMs(rules) === 0) return kept;
  const fallen = rules.tiers.filter((tier) => tier.threshold > 0).map((tier) => ({ tier: tier.key, tierSpend: { lt: tier.threshold } }));
  if (fallen.length === 0) return kept;
  const ids = range ? { gt: range.after, lte: range.through } : undefined;
  const members = await tx.member.findMany({ where: { shop, ...(ids ? { id: ids } : {}), OR: fallen }, select: { id: true } });
  if (members.length === 0) return kept;
  const until = new Date(now.getTime() + 1);
  const orders = await tx.loyaltyOrder.findMany({
    where: { shop, memberId: { in: members.map((member) => member.id) }, paidAt: { gte: new Date(until.getTime() - heldTierLookbackMs(rules)), lt: until } },
    select: { memberId: true, paidAt: true, cancelledAt: true, test: true, eligibleMinor: true, refundedMinor: true, earnedPoints: true },
  });
  for (const { id } of members) {
    const own = orders.filter((order) => order.memberId === id);
    kept.set(id, heldTier(own, rules, until).tier.key);
  }
  return kept;
}

/**
 * Recounts every member's qualifying spend under `rules` (window, test orders) in one UPDATE, the same sum
 * refreshMemberTier makes for one member. Served by the orders (shop, member_id, paid_at) index.
 */
export async function recountTierSpend(tx: Transaction, shop: string, rules: ProgramRules, now: Date, range?: MemberIdRange): Promise<void> {
  const spend = qualifyingTotalSql(shop, Sql.sql`members.id`, rules, new Date(now.getTime() + 1));
  await setShopTierSpend(tx, shop, spend, now, range);
}
