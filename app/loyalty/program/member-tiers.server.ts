// Tiers follow eligible spend, net of refunds, over a trailing window (docs/program.md, "Tiers"). Spend is read from the
// orders Tally recorded; cancelled orders and (unless the program counts them) test orders do not qualify.
import type { TallyDatabase } from "~/db/database.server";
import type { ProgramRules, Tier } from "./program-rules";
import { tierForSpend } from "./tiers";

const DAY_MS = 86_400_000;

/** Qualifying spend of a member in [until − window, until), leaving out one order (the one being paid). */
export async function qualifyingSpend(db: TallyDatabase, shop: string, memberId: string, rules: ProgramRules, until: Date, excludeOrderId?: string): Promise<number> {
  const orders = await db.prisma.loyaltyOrder.findMany({
    where: {
      shop,
      memberId,
      cancelledAt: null,
      paidAt: { gte: new Date(until.getTime() - rules.tierWindowDays * DAY_MS), lt: until },
      ...(rules.earn.includeTestOrders ? {} : { test: false }),
      ...(excludeOrderId ? { orderId: { not: excludeOrderId } } : {}),
    },
    select: { eligibleMinor: true, refundedMinor: true },
  });
  return orders.reduce((sum, order) => sum + Math.max(0, order.eligibleMinor - order.refundedMinor), 0);
}

/** The tier the member held at a moment, from the spend before it. */
export async function tierAt(db: TallyDatabase, shop: string, memberId: string, rules: ProgramRules, at: Date, excludeOrderId: string): Promise<Tier> {
  return tierForSpend(await qualifyingSpend(db, shop, memberId, rules, at, excludeOrderId), rules.tiers);
}

/** Re-evaluates the tier a member holds now; balances are never touched. */
export async function refreshMemberTier(db: TallyDatabase, shop: string, memberId: string, rules: ProgramRules, now: Date): Promise<void> {
  const spend = await qualifyingSpend(db, shop, memberId, rules, new Date(now.getTime() + 1));
  await db.prisma.member.update({ where: { id: memberId }, data: { tier: tierForSpend(spend, rules.tiers).key, tierSpend: spend } });
}
