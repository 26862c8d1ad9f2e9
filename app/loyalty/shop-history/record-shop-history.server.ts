// What a shop's history leaves in Tally (docs/decisions/046-shop-history-on-install.md): every customer a member,
// with no points; every paid order of the window recorded by the order writer as orders/paid and refunds/create
// would have recorded it, so tiers, the referral checks ("had an earlier paid order") and the dashboard's rollups
// see it, with its earnings withheld; then each member with orders at the tier that spend earns. Each order is one
// unit of work under the shop's settlement lock, like a webhook, so a webhook for the same order waits for it or
// finds it. Running it again changes nothing: the first payment of an order wins, refunds are kept by Shopify's
// refund id, and earnings already fixed are left alone.
import type { TallyDatabase } from "~/db/database.server";
import { recordOrderPaid, recordOrderRefund, withholdOrderEarnings, type OrderRefund, type PaidOrder } from "~/loyalty/earning/order-store.server";
import { withSettlementLock } from "~/loyalty/earning/settlement-lock.server";
import { upsertMemberNow } from "~/loyalty/members/member-store.server";
import { programRulesNow } from "~/loyalty/program/shop-store.server";
import { refreshMemberTier, tierAt } from "~/loyalty/tiers/member-tiers.server";
import { tierFor } from "~/loyalty/tiers/tiers";

export interface HistoryCustomer {
  customerId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  state: "disabled" | "invited" | "enabled" | "declined" | null;
}

export interface HistoryOrderFacts {
  paid: PaidOrder;
  refunds: OrderRefund[];
}

const countMembers = async (db: TallyDatabase, shop: string) => db.read.member.count({ where: { shop } });

/** Makes every customer a member (at the entry tier, with no points); returns how many members are new. */
export async function recordHistoryCustomers(db: TallyDatabase, shop: string, customers: readonly HistoryCustomer[]): Promise<number> {
  const rules = await programRulesNow(db.sql, shop);
  const entryTier = tierFor(0, rules.tiers).key;
  const before = await countMembers(db, shop);
  for (const customer of customers) {
    await db.transaction((tx) =>
      upsertMemberNow(
        tx,
        {
          shop,
          customerId: customer.customerId,
          ...(customer.email ? { email: customer.email } : {}),
          ...(customer.firstName ? { firstName: customer.firstName } : {}),
          ...(customer.lastName ? { lastName: customer.lastName } : {}),
          ...(customer.state ? { accountState: customer.state } : {}),
        },
        entryTier,
      ),
    );
  }
  return (await countMembers(db, shop)) - before;
}

export interface RecordedHistory {
  /** Orders Tally had no payment of before. */
  ordersRecorded: number;
  membersCreated: number;
}

/** Records the orders, oldest payment first (each at the tier the orders before it earned), then re-tiers their members. */
export async function recordHistoryOrders(db: TallyDatabase, shop: string, orders: readonly HistoryOrderFacts[], now: Date): Promise<RecordedHistory> {
  const rules = await programRulesNow(db.sql, shop);
  const before = await countMembers(db, shop);
  const sorted = [...orders].sort((a, b) => a.paid.paidAt.getTime() - b.paid.paidAt.getTime());
  let ordersRecorded = 0;
  for (const { paid, refunds } of sorted) {
    await withSettlementLock(db, shop, () =>
      db.transaction(async (tx) => {
        const known = await tx.read.loyaltyOrder.findUnique({ where: { shop_orderId: { shop, orderId: paid.orderId } }, select: { paidAt: true } });
        await recordOrderPaid(tx, shop, rules, paid, now);
        for (const refund of refunds) await recordOrderRefund(tx, shop, refund, now);
        const order = await tx.read.loyaltyOrder.findUniqueOrThrow({ where: { shop_orderId: { shop, orderId: paid.orderId } }, select: { memberId: true, paidAt: true } });
        const tier = order.memberId && order.paidAt ? (await tierAt(tx, shop, order.memberId, rules, order.paidAt, paid.orderId)).key : null;
        await withholdOrderEarnings(tx, shop, paid.orderId, tier);
        if (!known?.paidAt) ordersRecorded += 1;
      }),
    );
  }
  const members = await db.read.loyaltyOrder.findMany({
    where: { shop, orderId: { in: sorted.map((order) => order.paid.orderId) }, memberId: { not: null } },
    select: { memberId: true },
    distinct: ["memberId"],
  });
  for (const { memberId } of members) {
    if (memberId) await db.transaction((tx) => refreshMemberTier(tx, shop, memberId, rules, now));
  }
  return { ordersRecorded, membersCreated: (await countMembers(db, shop)) - before };
}
