// Re-tiering every member of a shop at once, after a program save (docs/decisions/009-program-changes-apply-from-now-on.md):
// the stored spend recounted when the way spend is counted changes, and the tier moved when the spend or the
// ladder did. Each is one statement however many members, from the SQL forms of the rules beside them, run by the
// members' writer (app/db/table-owners.mjs).
import type { Prisma } from "~/db/database.server";
import { Prisma as Sql } from "~/db/generated/sqlite/client";
import { setShopMemberTiers, setShopTierSpend, type MemberIdRange } from "~/loyalty/members/member-store.server";
import type { ProgramRules, Tier } from "~/loyalty/program/program-rules";
import { qualifyingTotalSql } from "./qualifying-total-sql.server";
import { tierKeySql } from "./tier-bands-sql.server";

type Transaction = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/**
 * Moves every member whose stored tier is not the one their stored spend reaches under `tiers`; returns how many
 * moved. Members of a removed tier land where their spend puts them.
 */
export async function retierMembers(tx: Transaction, shop: string, tiers: readonly Tier[], now: Date, range?: MemberIdRange): Promise<number> {
  const reached = tierKeySql(Sql.sql`tier_spend`, tiers);
  return setShopMemberTiers(tx, shop, reached, now, range);
}

/**
 * Recounts every member's qualifying spend under `rules` (window, test orders) in one UPDATE, the same sum
 * refreshMemberTier makes for one member. Served by the orders (shop, member_id, paid_at) index.
 */
export async function recountTierSpend(tx: Transaction, shop: string, rules: ProgramRules, now: Date, range?: MemberIdRange): Promise<void> {
  const spend = qualifyingTotalSql(shop, Sql.sql`members.id`, rules, new Date(now.getTime() + 1));
  await setShopTierSpend(tx, shop, spend, now, range);
}
