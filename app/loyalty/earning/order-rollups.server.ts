// The order writer's rollups: every statement that inserts, changes or deletes orders runs through writeOrders,
// which keeps the dashboard's order sums (order_daily), the referred orders' revenue (referral_daily, order side),
// the shoppers' order days (shopper_order_days) and the members' customer cover (customer_gains, customer_lapses)
// in the same transaction, from the one definition of a counted order (counted-order.ts). Each order's old
// contribution is taken out and its new one put in, as atomic increments (docs/decisions/026-each-rule-defined-once.md).
import type { TallyDatabase } from "~/db/database.server";
import {
  coverOfPair,
  isCountedOrder,
  netRevenueMinor,
  shopperOf,
  utcDay,
  type CountedOrderFacts,
} from "./counted-order";

type Tx = TallyDatabase;
type OrderFacts = CountedOrderFacts & { orderId: string };

const FACTS = {
  orderId: true,
  memberId: true,
  customerId: true,
  emailKey: true,
  paidAt: true,
  cancelledAt: true,
  test: true,
  eligibleMinor: true,
  refundedMinor: true,
} as const;

/**
 * Runs `write`, a change to the shop's orders `orderIds` (and no others), as one unit of work that also moves the
 * rollups by what changed. On PostgreSQL each order is locked first (a transaction-level advisory lock), so two
 * writes of one order cannot both read it as it was before either.
 */
export function writeOrders<T>(db: TallyDatabase, shop: string, orderIds: readonly string[], write: (tx: TallyDatabase) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const ids = [...new Set(orderIds)].sort();
    for (const id of ids) await lock(tx, `order-rollups:${shop}:${id}`);
    const before = await factsOf(tx, shop, ids);
    const result = await write(tx);
    const after = await factsOf(tx, shop, ids);
    for (const id of ids) await applyOrderChange(tx, shop, before.get(id) ?? null, after.get(id) ?? null);
    return result;
  });
}

/** Deletes every order of the shop and every rollup row they made (shop/redact). */
export async function deleteShopOrders(db: TallyDatabase, shop: string): Promise<number> {
  return db.transaction(async (tx) => {
    const { count } = await tx.prisma.loyaltyOrder.deleteMany({ where: { shop } });
    await tx.prisma.orderDaily.deleteMany({ where: { shop } });
    await tx.prisma.shopperOrderDay.deleteMany({ where: { shop } });
    await tx.prisma.customerGain.deleteMany({ where: { shop } });
    await tx.prisma.customerLapse.deleteMany({ where: { shop } });
    await tx.prisma.referralDaily.deleteMany({ where: { shop } });
    return count;
  });
}

async function lock(tx: Tx, name: string): Promise<void> {
  // SQLite: the unit already holds the database's write lock.
  if (tx.kind !== "postgres") return;
  await tx.prisma.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))) AS l`;
}

async function factsOf(tx: Tx, shop: string, ids: string[]): Promise<Map<string, OrderFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.prisma.loyaltyOrder.findMany({ where: { shop, orderId: { in: ids } }, select: FACTS });
  return new Map(rows.map((row) => [row.orderId, row]));
}

async function applyOrderChange(tx: Tx, shop: string, before: OrderFacts | null, after: OrderFacts | null): Promise<void> {
  await moveOrderDay(tx, shop, before, after);
  await moveReferralDay(tx, shop, before, after);
  await moveShopperDay(tx, shop, before, after);
}

// ---------------------------------------------------------------- order_daily
// An order's contribution comes out with an UPDATE and goes in with an upsert: a row is made only by adding to it.

function orderDayOf(order: OrderFacts | null) {
  if (!order?.paidAt || !isCountedOrder(order)) return null;
  return { day: utcDay(order.paidAt), revenue: netRevenueMinor(order), member: order.memberId !== null };
}

async function moveOrderDay(tx: Tx, shop: string, before: OrderFacts | null, after: OrderFacts | null): Promise<void> {
  const from = orderDayOf(before);
  const to = orderDayOf(after);
  if (from && to && from.day === to.day && from.revenue === to.revenue && from.member === to.member) return;
  if (from) {
    const memberOrders = from.member ? 1 : 0;
    const memberRevenue = from.member ? from.revenue : 0;
    await tx.prisma.$executeRaw`
      UPDATE order_daily SET orders = orders - 1, revenue_minor = revenue_minor - ${from.revenue},
        member_orders = member_orders - ${memberOrders}, member_revenue_minor = member_revenue_minor - ${memberRevenue}
      WHERE shop = ${shop} AND day = ${from.day}`;
  }
  if (to) await addToOrderDay(tx, shop, to.day, to.revenue, to.member);
}

function addToOrderDay(tx: Tx, shop: string, day: string, revenue: number, member: boolean) {
  const memberOrders = member ? 1 : 0;
  const memberRevenue = member ? revenue : 0;
  return tx.prisma.$executeRaw`
    INSERT INTO order_daily (shop, day, orders, revenue_minor, member_orders, member_revenue_minor)
    VALUES (${shop}, ${day}, 1, ${revenue}, ${memberOrders}, ${memberRevenue})
    ON CONFLICT (shop, day) DO UPDATE SET orders = order_daily.orders + excluded.orders,
      revenue_minor = order_daily.revenue_minor + excluded.revenue_minor,
      member_orders = order_daily.member_orders + excluded.member_orders,
      member_revenue_minor = order_daily.member_revenue_minor + excluded.member_revenue_minor`;
}

// ---------------------------------------------------------------- referral_daily (its referral's side is kept by
// the referrals' triggers, which read the order)

function referredDayOf(order: OrderFacts | null) {
  if (!order?.paidAt) return null;
  return { day: utcDay(order.paidAt), revenue: isCountedOrder(order) ? netRevenueMinor(order) : 0 };
}

async function moveReferralDay(tx: Tx, shop: string, before: OrderFacts | null, after: OrderFacts | null): Promise<void> {
  const from = referredDayOf(before);
  const to = referredDayOf(after);
  if ((!from && !to) || (from && to && from.day === to.day && from.revenue === to.revenue)) return;
  const orderId = (after ?? before)?.orderId ?? "";
  const referrals = await tx.prisma.referral.findMany({ where: { shop, orderId }, select: { status: true, reason: true } });
  for (const referral of referrals) {
    const reason = referral.reason ?? "";
    if (from) {
      await tx.prisma.$executeRaw`
        UPDATE referral_daily SET referrals = referrals - 1, revenue_minor = revenue_minor - ${from.revenue}
        WHERE shop = ${shop} AND day = ${from.day} AND status = ${referral.status} AND reason = ${reason}`;
    }
    if (to) await addToReferralDay(tx, shop, to.day, referral.status, reason, to.revenue);
  }
}

function addToReferralDay(tx: Tx, shop: string, day: string, status: string, reason: string, revenue: number) {
  return tx.prisma.$executeRaw`
    INSERT INTO referral_daily (shop, day, status, reason, referrals, revenue_minor)
    VALUES (${shop}, ${day}, ${status}, ${reason}, 1, ${revenue})
    ON CONFLICT (shop, day, status, reason) DO UPDATE SET referrals = referral_daily.referrals + excluded.referrals,
      revenue_minor = referral_daily.revenue_minor + excluded.revenue_minor`;
}

// ---------------------------------------------------------------- shopper_order_days and the customer cover

function shopperDayOf(order: OrderFacts | null) {
  const shopper = order ? shopperOf(order) : null;
  if (!order?.paidAt || !isCountedOrder(order) || !shopper) return null;
  return { shopper, day: utcDay(order.paidAt), member: order.memberId !== null };
}

/**
 * Only when what decides an order's shopper day changes (shopper, day of payment, counted or not): refunds, which
 * change most orders, cost nothing here. The shoppers' locks keep two transactions from linking days of one
 * shopper at once on PostgreSQL, where each would miss the other's day.
 */
async function moveShopperDay(tx: Tx, shop: string, before: OrderFacts | null, after: OrderFacts | null): Promise<void> {
  const from = shopperDayOf(before);
  const to = shopperDayOf(after);
  if (from?.shopper === to?.shopper && from?.day === to?.day) return;
  const shoppers = [...new Set([from?.shopper, to?.shopper].filter((shopper): shopper is string => shopper !== undefined))].sort();
  for (const shopper of shoppers) await lock(tx, `shopper-days:${shop}:${shopper}`);
  if (from) await removeFromShopperDay(tx, shop, from.shopper, from.day);
  if (to) await addToShopperDay(tx, shop, to.shopper, to.day, to.member);
}

async function addToShopperDay(tx: Tx, shop: string, shopper: string, day: string, member: boolean): Promise<void> {
  const more = await tx.prisma.$executeRaw`UPDATE shopper_order_days SET orders = orders + 1 WHERE shop = ${shop} AND shopper = ${shopper} AND day = ${day}`;
  if (more > 0) return;
  const earlier = await tx.prisma.shopperOrderDay.findFirst({ where: { shop, shopper, day: { lt: day } }, orderBy: { day: "desc" }, select: { day: true } });
  const later = await tx.prisma.shopperOrderDay.findFirst({ where: { shop, shopper, day: { gt: day } }, orderBy: { day: "asc" }, select: { day: true } });
  const prevDay = earlier?.day ?? "";
  const nextDay = later?.day ?? "";
  await tx.prisma.shopperOrderDay.create({ data: { shop, shopper, day, member, orders: 1, prevDay, nextDay } });
  if (prevDay) await tx.prisma.shopperOrderDay.update({ where: { shop_shopper_day: { shop, shopper, day: prevDay } }, data: { nextDay: day } });
  if (nextDay) await tx.prisma.shopperOrderDay.update({ where: { shop_shopper_day: { shop, shopper, day: nextDay } }, data: { prevDay: day } });
  if (!member) return;
  // The day goes between its neighbours: their pair out, two pairs in.
  await addCoverPair(tx, shop, prevDay, nextDay, -1);
  await addCoverPair(tx, shop, prevDay, day, 1);
  await addCoverPair(tx, shop, day, nextDay, 1);
}

async function removeFromShopperDay(tx: Tx, shop: string, shopper: string, day: string): Promise<void> {
  const row = await tx.prisma.shopperOrderDay.findUnique({ where: { shop_shopper_day: { shop, shopper, day } } });
  // An order written around the writer (a test's fixture) has no day to leave, as it had none under the triggers.
  if (!row) return;
  if (row.orders > 1) {
    await tx.prisma.shopperOrderDay.update({ where: { shop_shopper_day: { shop, shopper, day } }, data: { orders: { decrement: 1 } } });
    return;
  }
  await tx.prisma.shopperOrderDay.delete({ where: { shop_shopper_day: { shop, shopper, day } } });
  const { prevDay, nextDay } = row;
  if (prevDay) await tx.prisma.shopperOrderDay.update({ where: { shop_shopper_day: { shop, shopper, day: prevDay } }, data: { nextDay } });
  if (nextDay) await tx.prisma.shopperOrderDay.update({ where: { shop_shopper_day: { shop, shopper, day: nextDay } }, data: { prevDay } });
  if (!row.member) return;
  await addCoverPair(tx, shop, prevDay, nextDay, 1);
  await addCoverPair(tx, shop, prevDay, day, -1);
  await addCoverPair(tx, shop, day, nextDay, -1);
}

async function addCoverPair(tx: Tx, shop: string, earlier: string, later: string, change: number): Promise<void> {
  const { gain, lapse } = coverOfPair(earlier, later);
  if (gain) {
    await tx.prisma.$executeRaw`
      INSERT INTO customer_gains (shop, day, lapsed_since, members) VALUES (${shop}, ${gain.day}, ${gain.lapsedSince}, ${change})
      ON CONFLICT (shop, day, lapsed_since) DO UPDATE SET members = customer_gains.members + excluded.members`;
  }
  if (lapse) {
    await tx.prisma.$executeRaw`
      INSERT INTO customer_lapses (shop, day, members) VALUES (${shop}, ${lapse}, ${change})
      ON CONFLICT (shop, day) DO UPDATE SET members = customer_lapses.members + excluded.members`;
  }
}
