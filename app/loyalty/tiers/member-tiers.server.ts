// Tiers follow eligible spend, net of refunds, over a trailing window (docs/program.md, "Tiers"). Spend is read from the
// orders Tally recorded, and counted by qualifying-spend.ts.
import type { TallyDatabase } from "~/db/database.server";
import { dateOf } from "~/db/driver-sql.server";
import { setMemberTierNow } from "~/loyalty/members/member-store.server";
import type { ProgramRules, Tier } from "~/loyalty/program/program-rules";
import { qualifyingSpendOf, qualifyingWindow } from "./qualifying-spend";
import { tierForSpend } from "./tiers";

/** Qualifying spend of a member in [until − window, until), leaving out one order (the one being paid). */
export async function qualifyingSpend(db: TallyDatabase, shop: string, memberId: string, rules: ProgramRules, until: Date, excludeOrderId?: string): Promise<number> {
  // Only the window's orders are read (the orders (shop, member_id, paid_at) index); qualifyingSpendOf decides.
  const window = qualifyingWindow(rules, until);
  const rows = await db.sql.all<{ paid_at: unknown; cancelled_at: unknown; test: unknown; eligible_minor: number; refunded_minor: number }>(
    `SELECT paid_at, cancelled_at, test, eligible_minor, refunded_minor FROM orders
    WHERE shop = ? AND member_id = ? AND paid_at >= ? AND paid_at < ? AND order_id <> ?`,
    // No order has an empty id: leaving none out.
    [shop, memberId, window.since, window.until, excludeOrderId ?? ""],
  );
  const orders = rows.map((row) => ({
    paidAt: dateOf(row.paid_at),
    cancelledAt: dateOf(row.cancelled_at),
    test: Boolean(row.test),
    eligibleMinor: Number(row.eligible_minor),
    refundedMinor: Number(row.refunded_minor),
  }));
  return qualifyingSpendOf(orders, rules, until);
}

/** The tier the member held at a moment, from the spend before it. */
export async function tierAt(db: TallyDatabase, shop: string, memberId: string, rules: ProgramRules, at: Date, excludeOrderId: string): Promise<Tier> {
  return tierForSpend(await qualifyingSpend(db, shop, memberId, rules, at, excludeOrderId), rules.tiers);
}

/**
 * The tier the member's next order earns at, from their spend counted now (orders paid up to and including `now`).
 * Surfaces show this rather than the stored tier, which orders ageing out of the window move only at the next
 * daily tier check (tier-aging.server.ts).
 */
export async function tierNow(db: TallyDatabase, shop: string, memberId: string, rules: ProgramRules, now: Date): Promise<{ tier: Tier; spendMinor: number }> {
  const spendMinor = await qualifyingSpend(db, shop, memberId, rules, new Date(now.getTime() + 1));
  return { tier: tierForSpend(spendMinor, rules.tiers), spendMinor };
}

/** Re-evaluates the tier a member holds now (re-tiering one member); balances are never touched. */
export async function refreshMemberTier(db: TallyDatabase, shop: string, memberId: string, rules: ProgramRules, now: Date): Promise<void> {
  const { tier, spendMinor } = await tierNow(db, shop, memberId, rules, now);
  await setMemberTierNow(db.sql, memberId, tier.key, spendMinor);
}
