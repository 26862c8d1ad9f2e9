// The facts Tally keeps about each order, recorded from whichever event brings them. Nothing here touches points:
// settle-order.server.ts brings the ledger in line with these facts afterwards. Every write goes through
// writeOrders, which keeps the dashboard's rollups in the same transaction.
import type { TallyDatabase } from "~/db/database.server";
import { upsertMember } from "~/loyalty/members/member-store.server";
import { isRedactedCustomer } from "~/loyalty/privacy/redacted-customers.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { tierForSpend } from "~/loyalty/tiers/tiers";
import { writeOrders } from "./order-rollups.server";

export interface OrderCustomer {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  state: "disabled" | "invited" | "enabled" | "declined" | null;
}

export interface PaidOrder {
  orderId: string;
  customer: OrderCustomer | null;
  emailKey: string | null;
  shippingAddressKey: string | null;
  test: boolean;
  paidAt: Date;
  /** Eligible spend before tax. */
  eligibleMinor: number;
  /** The order's prices include tax, so its refunds' subtotals do too. */
  taxesIncluded: boolean;
  cancelledAt: Date | null;
  discountCodes: string[];
  referralCodes: string[];
}

export interface OrderRefund {
  refundId: string;
  orderId: string;
  /** The refunded lines' subtotals: with their tax when the order's prices include tax. */
  eligibleMinor: number;
  /** The tax on the refunded lines. */
  taxMinor: number;
  refundedAt: Date;
}

/** The member an order belongs to, created on first sight; an order's customer data never lowers account state. */
async function memberFor(db: TallyDatabase, shop: string, rules: ProgramRules, customer: OrderCustomer | null): Promise<string | null> {
  if (!customer) return null;
  const member = await upsertMember(
    db.prisma,
    {
      shop,
      customerId: customer.id,
      ...(customer.email ? { email: customer.email } : {}),
      ...(customer.firstName ? { firstName: customer.firstName } : {}),
      ...(customer.lastName ? { lastName: customer.lastName } : {}),
      ...(customer.state ? { accountState: customer.state } : {}),
    },
    tierForSpend(0, rules.tiers).key,
  );
  return member.id;
}

/**
 * An order of an erased customer is kept as an anonymous guest order: no customer, no member, no email or address
 * keys, so it earns nothing and names no one (docs/decisions/019-customer-redaction.md).
 */
async function withoutErasedCustomer(db: TallyDatabase, shop: string, order: PaidOrder): Promise<PaidOrder> {
  if (!order.customer || !(await isRedactedCustomer(db.prisma, shop, order.customer.id))) return order;
  return { ...order, customer: null, emailKey: null, shippingAddressKey: null };
}

/** Records an order's payment. The first payment wins: a redelivery, or a later paid event, changes nothing. */
export async function recordOrderPaid(db: TallyDatabase, shop: string, rules: ProgramRules, received: PaidOrder, now: Date): Promise<void> {
  const order = await withoutErasedCustomer(db, shop, received);
  const memberId = await memberFor(db, shop, rules, order.customer);
  const paid = {
    customerId: order.customer?.id ?? null,
    memberId,
    paidAt: order.paidAt,
    test: order.test,
    eligibleMinor: order.eligibleMinor,
    taxesIncluded: order.taxesIncluded,
    emailKey: order.emailKey,
    shippingAddressKey: order.shippingAddressKey,
    discountCodes: JSON.stringify(order.discountCodes),
    referralCode: order.referralCodes[0] ?? null,
    updatedAt: now,
  };
  await writeOrders(db, shop, [order.orderId], async (tx) => {
    // A refund or cancellation may have created the row first; it has no payment yet.
    await tx.prisma.loyaltyOrder.upsert({
      where: { shop_orderId: { shop, orderId: order.orderId } },
      create: { shop, orderId: order.orderId, ...paid, cancelledAt: order.cancelledAt, createdAt: now },
      update: {},
    });
    const { count } = await tx.prisma.loyaltyOrder.updateMany({ where: { shop, orderId: order.orderId, paidAt: null }, data: paid });
    // Refunds that arrived first were summed before Tally knew whether their subtotals include tax.
    if (count > 0 && order.taxesIncluded) await refreshRefundedMinor(tx, shop, order.orderId, now);
  });
  if (order.cancelledAt) await recordOrderCancelled(db, shop, order.orderId, order.cancelledAt, now);
}

/**
 * Records a refund once, by Shopify's refund id, and adds it to the order's refunded total in the same statement
 * that writes the order: two refunds of one order recorded at the same moment each add their own amount, where
 * reading the sum of refunds and writing it back could let one overwrite the other.
 */
export function recordOrderRefund(db: TallyDatabase, shop: string, refund: OrderRefund, now: Date): Promise<void> {
  return writeOrders(db, shop, [refund.orderId], (tx) => recordRefundNow(tx, shop, refund, now));
}

async function recordRefundNow(db: TallyDatabase, shop: string, refund: OrderRefund, now: Date): Promise<void> {
  await db.prisma.loyaltyOrder.upsert({
    where: { shop_orderId: { shop, orderId: refund.orderId } },
    create: { shop, orderId: refund.orderId, createdAt: now, updatedAt: now },
    update: {},
  });
  const inserted = await db.prisma.$executeRaw`
    INSERT INTO order_refunds (shop, refund_id, order_id, eligible_minor, tax_minor, refunded_at)
    VALUES (${shop}, ${refund.refundId}, ${refund.orderId}, ${refund.eligibleMinor}, ${refund.taxMinor}, ${refund.refundedAt})
    ON CONFLICT (shop, refund_id) DO NOTHING`;
  if (inserted === 0) return;
  // Whether the subtotal includes tax is the order's to say (a refund does not carry it); read in the same statement.
  const withoutTax = Math.max(0, refund.eligibleMinor - refund.taxMinor);
  await db.prisma.$executeRaw`
    UPDATE orders SET refunded_minor = refunded_minor + CASE WHEN taxes_included THEN CAST(${withoutTax} AS INTEGER) ELSE CAST(${refund.eligibleMinor} AS INTEGER) END,
      updated_at = ${now}
    WHERE shop = ${shop} AND order_id = ${refund.orderId}`;
}

/**
 * The order's refunded eligible spend from all its refunds: their subtotals, less their tax when the order's prices
 * include it. For refunds recorded before the payment told Tally which kind of prices the shop has.
 */
async function refreshRefundedMinor(db: TallyDatabase, shop: string, orderId: string, now: Date): Promise<void> {
  const order = await db.prisma.loyaltyOrder.findUnique({ where: { shop_orderId: { shop, orderId } }, select: { taxesIncluded: true } });
  const total = await db.prisma.orderRefund.aggregate({ where: { shop, orderId }, _sum: { eligibleMinor: true, taxMinor: true } });
  const subtotals = total._sum.eligibleMinor ?? 0;
  const tax = order?.taxesIncluded ? (total._sum.taxMinor ?? 0) : 0;
  await db.prisma.loyaltyOrder.update({
    where: { shop_orderId: { shop, orderId } },
    data: { refundedMinor: Math.max(0, subtotals - tax), updatedAt: now },
  });
}

export function recordOrderCancelled(db: TallyDatabase, shop: string, orderId: string, cancelledAt: Date, now: Date): Promise<void> {
  return writeOrders(db, shop, [orderId], async (tx) => {
    await tx.prisma.loyaltyOrder.upsert({
      where: { shop_orderId: { shop, orderId } },
      create: { shop, orderId, cancelledAt, createdAt: now, updatedAt: now },
      update: {},
    });
    await tx.prisma.loyaltyOrder.updateMany({ where: { shop, orderId, cancelledAt: null }, data: { cancelledAt, updatedAt: now } });
  });
}
