// The facts Tally keeps about each order, recorded from whichever event brings them. Nothing here touches points:
// settle-order.server.ts brings the ledger in line with these facts afterwards.
import type { TallyDatabase } from "~/db/database.server";
import { upsertMember } from "~/loyalty/members/member-store.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { tierForSpend } from "~/loyalty/program/tiers";

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
  eligibleMinor: number;
  cancelledAt: Date | null;
  discountCodes: string[];
  referralCodes: string[];
}

export interface OrderRefund {
  refundId: string;
  orderId: string;
  eligibleMinor: number;
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

/** Records an order's payment. The first payment wins: a redelivery, or a later paid event, changes nothing. */
export async function recordOrderPaid(db: TallyDatabase, shop: string, rules: ProgramRules, order: PaidOrder, now: Date): Promise<void> {
  const memberId = await memberFor(db, shop, rules, order.customer);
  const paid = {
    customerId: order.customer?.id ?? null,
    memberId,
    paidAt: order.paidAt,
    test: order.test,
    eligibleMinor: order.eligibleMinor,
    emailKey: order.emailKey,
    shippingAddressKey: order.shippingAddressKey,
    discountCodes: JSON.stringify(order.discountCodes),
    referralCode: order.referralCodes[0] ?? null,
    updatedAt: now,
  };
  // A refund or cancellation may have created the row first; it has no payment yet.
  await db.prisma.loyaltyOrder.upsert({
    where: { shop_orderId: { shop, orderId: order.orderId } },
    create: { shop, orderId: order.orderId, ...paid, cancelledAt: order.cancelledAt, createdAt: now },
    update: {},
  });
  await db.prisma.loyaltyOrder.updateMany({ where: { shop, orderId: order.orderId, paidAt: null }, data: paid });
  if (order.cancelledAt) await recordOrderCancelled(db, shop, order.orderId, order.cancelledAt, now);
}

/**
 * Records a refund once, by Shopify's refund id, and adds it to the order's refunded total in the same statement
 * that writes the order: two refunds of one order recorded at the same moment each add their own amount, where
 * reading the sum of refunds and writing it back could let one overwrite the other.
 */
export async function recordOrderRefund(db: TallyDatabase, shop: string, refund: OrderRefund, now: Date): Promise<void> {
  await db.prisma.loyaltyOrder.upsert({
    where: { shop_orderId: { shop, orderId: refund.orderId } },
    create: { shop, orderId: refund.orderId, createdAt: now, updatedAt: now },
    update: {},
  });
  const inserted = await db.prisma.$executeRaw`
    INSERT INTO order_refunds (shop, refund_id, order_id, eligible_minor, refunded_at)
    VALUES (${shop}, ${refund.refundId}, ${refund.orderId}, ${refund.eligibleMinor}, ${refund.refundedAt})
    ON CONFLICT (shop, refund_id) DO NOTHING`;
  if (inserted === 0) return;
  await db.prisma.loyaltyOrder.update({
    where: { shop_orderId: { shop, orderId: refund.orderId } },
    data: { refundedMinor: { increment: refund.eligibleMinor }, updatedAt: now },
  });
}

export async function recordOrderCancelled(db: TallyDatabase, shop: string, orderId: string, cancelledAt: Date, now: Date): Promise<void> {
  await db.prisma.loyaltyOrder.upsert({
    where: { shop_orderId: { shop, orderId } },
    create: { shop, orderId, cancelledAt, createdAt: now, updatedAt: now },
    update: {},
  });
  await db.prisma.loyaltyOrder.updateMany({ where: { shop, orderId, cancelledAt: null }, data: { cancelledAt, updatedAt: now } });
}
