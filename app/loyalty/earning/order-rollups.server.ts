// The order writer's rollups: every statement that inserts, changes or deletes orders runs through writeOrders,
// which keeps the dashboard's order sums (order_daily), the referred orders' revenue (referral_daily, order side,
// through referral-rollups.server.ts),
// the shoppers' order days (shopper_order_days) and the members' customer cover (customer_gains, customer_lapses)
// in the same transaction, from the one definition of a counted order (counted-order.ts). Each order's old
// contribution is taken out and its new one put in, as atomic increments (docs/decisions/026-each-rule-defined-once.md).
// Its statements run on the driver, in the unit of work (docs/decisions/033-settlement-on-the-driver.md).
import type { TallyDatabase } from "~/db/database.server";
import { dateOf, placeholders } from "~/db/driver-sql.server";
import { moveReferredOrder, type ReferralKey } from "~/loyalty/referrals/referral-rollups.server";
import { withSettlementLock } from "./settlement-lock.server";
import { findOrder, type StoredOrder } from "./stored-order.server";
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

const FACTS = "order_id, member_id, customer_id, email_key, paid_at, cancelled_at, test, eligible_minor, refunded_minor";

interface FactsRow {
  order_id: string;
  member_id: string | null;
  customer_id: string | null;
  email_key: string | null;
  paid_at: unknown;
  cancelled_at: unknown;
  test: unknown;
  eligible_minor: number;
  refunded_minor: number;
}

const factsFromRow = (row: FactsRow): OrderFacts => ({
  orderId: row.order_id,
  memberId: row.member_id,
  customerId: row.customer_id,
  emailKey: row.email_key,
  paidAt: dateOf(row.paid_at),
  cancelledAt: dateOf(row.cancelled_at),
  test: Boolean(row.test),
  eligibleMinor: Number(row.eligible_minor),
  refundedMinor: Number(row.refunded_minor),
});

/**
 * Runs `write`, a change to the shop's orders `orderIds` (and no others), as one unit of work that also moves the
 * rollups by what changed. It holds the shop's settlement lock (on PostgreSQL a transaction-level advisory lock,
 * taken before the unit writes anything), so two writes of one order cannot both read it as it was before either.
 * Settling already holds it, and then it costs no round trip (docs/decisions/056-the-shops-lock-keeps-order-rollups-apart.md).
 */
export function writeOrders<T>(db: TallyDatabase, shop: string, orderIds: readonly string[], write: (tx: TallyDatabase) => Promise<T>): Promise<T> {
  return db.transaction((tx) =>
    withSettlementLock(tx, shop, async () => {
      const ids = [...new Set(orderIds)].sort();
      const before = await factsOf(tx, shop, ids);
      const result = await write(tx);
      const after = await factsOf(tx, shop, ids);
      for (const id of ids) await applyOrderChange(tx, shop, before.get(id) ?? null, after.get(id) ?? null);
      return result;
    }),
  );
}

/**
 * writeOrders for one order, whose write starts by creating the order's row unless it exists (`create`, an
 * INSERT … ON CONFLICT DO NOTHING through insertOrder, giving back the order it made). When it made one, there was
 * no order before and nothing to read; when it did not, it wrote nothing, so the order read next is still the
 * order before `change`. `change` says whether it wrote. The order after, with its referral (which the rollups
 * move with it), is the created one when nothing changed it since, or else read whole; it is returned, for
 * settlement to use instead of reading it again (docs/decisions/068-an-order-is-read-once-per-event.md).
 */
export function writeOrder(
  db: TallyDatabase,
  shop: string,
  orderId: string,
  create: (tx: TallyDatabase) => Promise<StoredOrder | null>,
  change: (tx: TallyDatabase, created: boolean) => Promise<boolean>,
): Promise<StoredOrder> {
  return db.transaction((tx) =>
    withSettlementLock(tx, shop, async () => {
      const created = await create(tx);
      const before = created ? null : ((await factsOf(tx, shop, [orderId])).get(orderId) ?? null);
      const changed = await change(tx, created !== null);
      const after = created && !changed ? created : await findOrder(tx, shop, orderId);
      if (!after) throw new Error(`order ${orderId} vanished while being written`);
      await applyOrderChange(tx, shop, before, after, after.referral ? [after.referral] : []);
      return after;
    }),
  );
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

async function factsOf(tx: Tx, shop: string, ids: string[]): Promise<Map<string, OrderFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.sql.all<FactsRow>(`SELECT ${FACTS} FROM orders WHERE shop = ? AND order_id IN (${placeholders(ids.length)})`, [shop, ...ids]);
  return new Map(rows.map((row) => [row.order_id, factsFromRow(row)]));
}

/** `referrals`: the order's referrals, when read with it. */
async function applyOrderChange(tx: Tx, shop: string, before: OrderFacts | null, after: OrderFacts | null, referrals?: readonly ReferralKey[]): Promise<void> {
  await moveOrderDay(tx, shop, before, after);
  // The referrals of the order count on its payment day, with its revenue (referral-rollups.server.ts).
  await moveReferredOrder(tx, shop, (after ?? before)?.orderId ?? "", before, after, referrals);
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
    await tx.sql.run(
      `UPDATE order_daily SET orders = orders - 1, revenue_minor = revenue_minor - ?,
        member_orders = member_orders - ?, member_revenue_minor = member_revenue_minor - ?
      WHERE shop = ? AND day = ?`,
      [from.revenue, memberOrders, memberRevenue, shop, from.day],
    );
  }
  if (to) await addToOrderDay(tx, shop, to.day, to.revenue, to.member);
}

function addToOrderDay(tx: Tx, shop: string, day: string, revenue: number, member: boolean) {
  const memberOrders = member ? 1 : 0;
  const memberRevenue = member ? revenue : 0;
  return tx.sql.run(
    `INSERT INTO order_daily (shop, day, orders, revenue_minor, member_orders, member_revenue_minor)
    VALUES (?, ?, 1, ?, ?, ?)
    ON CONFLICT (shop, day) DO UPDATE SET orders = order_daily.orders + excluded.orders,
      revenue_minor = order_daily.revenue_minor + excluded.revenue_minor,
      member_orders = order_daily.member_orders + excluded.member_orders,
      member_revenue_minor = order_daily.member_revenue_minor + excluded.member_revenue_minor`,
    [shop, day, revenue, memberOrders, memberRevenue],
  );
}

// ---------------------------------------------------------------- shopper_order_days and the customer cover

function shopperDayOf(order: OrderFacts | null) {
  const shopper = order ? shopperOf(order) : null;
  if (!order?.paidAt || !isCountedOrder(order) || !shopper) return null;
  return { shopper, day: utcDay(order.paidAt), member: order.memberId !== null };
}

/**
 * Only when what decides an order's shopper day changes (shopper, day of payment, counted or not): refunds, which
 * change most orders, cost nothing here. The shop's settlement lock, held by writeOrders, keeps two transactions
 * from linking days of one shopper at once on PostgreSQL, where each would miss the other's day.
 */
async function moveShopperDay(tx: Tx, shop: string, before: OrderFacts | null, after: OrderFacts | null): Promise<void> {
  const from = shopperDayOf(before);
  const to = shopperDayOf(after);
  if (from?.shopper === to?.shopper && from?.day === to?.day) return;
  if (from) await removeFromShopperDay(tx, shop, from.shopper, from.day);
  if (to) await addToShopperDay(tx, shop, to.shopper, to.day, to.member);
}

async function addToShopperDay(tx: Tx, shop: string, shopper: string, day: string, member: boolean): Promise<void> {
  const more = await tx.sql.run("UPDATE shopper_order_days SET orders = orders + 1 WHERE shop = ? AND shopper = ? AND day = ?", [shop, shopper, day]);
  if (more > 0) return;
  // Both neighbours in one statement: on PostgreSQL a round trip fewer for every shopper's new day.
  const neighbours = await tx.sql.get<{ prev_day: string | null; next_day: string | null }>(
    `SELECT (SELECT day FROM shopper_order_days WHERE shop = ? AND shopper = ? AND day < ? ORDER BY day DESC LIMIT 1) AS prev_day,
      (SELECT day FROM shopper_order_days WHERE shop = ? AND shopper = ? AND day > ? ORDER BY day ASC LIMIT 1) AS next_day`,
    [shop, shopper, day, shop, shopper, day],
  );
  const prevDay = neighbours?.prev_day ?? "";
  const nextDay = neighbours?.next_day ?? "";
  await tx.sql.run(
    "INSERT INTO shopper_order_days (shop, shopper, day, member, orders, prev_day, next_day) VALUES (?, ?, ?, ?, 1, ?, ?)",
    [shop, shopper, day, member, prevDay, nextDay],
  );
  if (prevDay) await setNextDay(tx, shop, shopper, prevDay, day);
  if (nextDay) await setPrevDay(tx, shop, shopper, nextDay, day);
  if (!member) return;
  // The day goes between its neighbours: their pair out, two pairs in.
  await addCoverPair(tx, shop, prevDay, nextDay, -1);
  await addCoverPair(tx, shop, prevDay, day, 1);
  await addCoverPair(tx, shop, day, nextDay, 1);
}

async function removeFromShopperDay(tx: Tx, shop: string, shopper: string, day: string): Promise<void> {
  const row = await tx.sql.get<{ orders: number; member: unknown; prev_day: string; next_day: string }>(
    "SELECT orders, member, prev_day, next_day FROM shopper_order_days WHERE shop = ? AND shopper = ? AND day = ?",
    [shop, shopper, day],
  );
  // An order written around the writer (a test's fixture) has no day to leave, as it had none under the triggers.
  if (!row) return;
  if (Number(row.orders) > 1) {
    await tx.sql.run("UPDATE shopper_order_days SET orders = orders - 1 WHERE shop = ? AND shopper = ? AND day = ?", [shop, shopper, day]);
    return;
  }
  await tx.sql.run("DELETE FROM shopper_order_days WHERE shop = ? AND shopper = ? AND day = ?", [shop, shopper, day]);
  const { prev_day: prevDay, next_day: nextDay } = row;
  if (prevDay) await setNextDay(tx, shop, shopper, prevDay, nextDay);
  if (nextDay) await setPrevDay(tx, shop, shopper, nextDay, prevDay);
  if (!row.member) return;
  await addCoverPair(tx, shop, prevDay, nextDay, 1);
  await addCoverPair(tx, shop, prevDay, day, -1);
  await addCoverPair(tx, shop, day, nextDay, -1);
}

async function addCoverPair(tx: Tx, shop: string, earlier: string, later: string, change: number): Promise<void> {
  const { gain, lapse } = coverOfPair(earlier, later);
  if (gain) {
    await tx.sql.run(
      `INSERT INTO customer_gains (shop, day, lapsed_since, members) VALUES (?, ?, ?, ?)
      ON CONFLICT (shop, day, lapsed_since) DO UPDATE SET members = customer_gains.members + excluded.members`,
      [shop, gain.day, gain.lapsedSince, change],
    );
  }
  if (lapse) {
    await tx.sql.run(
      `INSERT INTO customer_lapses (shop, day, members) VALUES (?, ?, ?)
      ON CONFLICT (shop, day) DO UPDATE SET members = customer_lapses.members + excluded.members`,
      [shop, lapse, change],
    );
  }
}

function setNextDay(tx: Tx, shop: string, shopper: string, day: string, nextDay: string) {
  return tx.sql.run("UPDATE shopper_order_days SET next_day = ? WHERE shop = ? AND shopper = ? AND day = ?", [nextDay, shop, shopper, day]);
}

function setPrevDay(tx: Tx, shop: string, shopper: string, day: string, prevDay: string) {
  return tx.sql.run("UPDATE shopper_order_days SET prev_day = ? WHERE shop = ? AND shopper = ? AND day = ?", [prevDay, shop, shopper, day]);
}
