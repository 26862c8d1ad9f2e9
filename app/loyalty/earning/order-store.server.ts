// The facts Tally keeps about each order, recorded from whichever event brings them. Nothing here touches points:
// settle-order.server.ts brings the ledger in line with these facts afterwards. Every write goes through
// writeOrder (order-rollups.server.ts), which keeps the dashboard's rollups in the same transaction and returns the
// order as written. The statements run on the driver
// (docs/decisions/033-settlement-on-the-driver.md).
import type { TallyDatabase } from "~/db/database.server";
import { upsertMemberUnlessErased } from "~/loyalty/members/member-store.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { tierFor } from "~/loyalty/tiers/tiers";
import { writeOrder } from "./order-rollups.server";
import { insertOrder, type StoredOrder } from "./stored-order.server";

export interface OrderCustomer {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  state: "disabled" | "invited" | "enabled" | "declined" | null;
  /** The customer's tags as the order carried them (exclusion/customer-tags.ts), and when the customer last changed. */
  tags: string | null;
  updatedAt: Date | null;
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
  /** Shipping counted in eligibleMinor, so refunded shipping counts against it. */
  shippingIncluded: boolean;
  cancelledAt: Date | null;
  discountCodes: string[];
  referralCodes: string[];
  /** Eligible spend per product, kept while the program names collections (order-spend.server.ts); else null. */
  productSpend: Record<string, number> | null;
  /** Line items left out as products of an excluded collection. */
  excludedLines: string[];
}

export interface OrderRefund {
  refundId: string;
  orderId: string;
  /** The refunded lines' subtotals: with their tax when the order's prices include tax. */
  eligibleMinor: number;
  /** The tax on the refunded lines. */
  taxMinor: number;
  /** Shipping given back, before tax: counted when the order's shipping counted. */
  shippingMinor: number;
  refundedAt: Date;
}

/**
 * The order with the member it belongs to, created on first sight (an order's customer data never lowers account
 * state). An order of an erased customer is kept as an anonymous guest order: no customer, no member, no email or
 * address keys, so it earns nothing and names no one (docs/decisions/019-customer-redaction.md).
 */
async function withMember(db: TallyDatabase, shop: string, rules: ProgramRules, order: PaidOrder): Promise<{ order: PaidOrder; memberId: string | null }> {
  const { customer } = order;
  if (!customer) return { order, memberId: null };
  const member = await upsertMemberUnlessErased(
    db,
    {
      shop,
      customerId: customer.id,
      ...(customer.email ? { email: customer.email } : {}),
      ...(customer.firstName ? { firstName: customer.firstName } : {}),
      ...(customer.lastName ? { lastName: customer.lastName } : {}),
      ...(customer.state ? { accountState: customer.state } : {}),
      ...(customer.updatedAt ? { tags: { value: customer.tags, at: customer.updatedAt } } : {}),
    },
    tierFor(0, rules.tiers).key,
  );
  if (!member) return { order: { ...order, customer: null, emailKey: null, shippingAddressKey: null }, memberId: null };
  return { order, memberId: member.id };
}

/**
 * Records an order's payment. The first payment wins: a redelivery, or a later paid event, changes nothing.
 * Returns the order as recorded.
 */
export async function recordOrderPaid(db: TallyDatabase, shop: string, rules: ProgramRules, received: PaidOrder, now: Date): Promise<StoredOrder> {
  const { order, memberId } = await withMember(db, shop, rules, received);
  const paid = {
    customerId: order.customer?.id ?? null,
    customerTags: order.customer?.tags ?? null,
    shippingIncluded: order.shippingIncluded,
    memberId,
    paidAt: order.paidAt,
    test: order.test,
    eligibleMinor: order.eligibleMinor,
    taxesIncluded: order.taxesIncluded,
    emailKey: order.emailKey,
    shippingAddressKey: order.shippingAddressKey,
    discountCodes: JSON.stringify(order.discountCodes),
    referralCode: order.referralCodes[0] ?? null,
    productSpend: order.productSpend ? JSON.stringify(order.productSpend) : null,
    excludedLines: order.excludedLines.length > 0 ? JSON.stringify(order.excludedLines) : null,
  };
  const paidValues = [
    paid.customerId, paid.memberId, paid.paidAt, paid.test, paid.eligibleMinor, paid.taxesIncluded, paid.emailKey,
    paid.shippingAddressKey, paid.discountCodes, paid.referralCode, paid.productSpend, paid.excludedLines, paid.customerTags, paid.shippingIncluded, now,
  ];
  const recorded = await writeOrder(
    db,
    shop,
    order.orderId,
    (tx) =>
      insertOrder(
        tx,
        `INSERT INTO orders (customer_id, member_id, paid_at, test, eligible_minor, taxes_included, email_key, shipping_address_key,
          discount_codes, referral_code, product_spend, excluded_lines, customer_tags, shipping_included, updated_at, shop, order_id, cancelled_at, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop, order_id) DO NOTHING`,
        [...paidValues, shop, order.orderId, order.cancelledAt, now],
      ),
    async (tx, created) => {
      if (created) return false;
      // A refund or cancellation created the row first; it has no payment yet.
      const count = await tx.sql.run(
        `UPDATE orders SET customer_id = ?, member_id = ?, paid_at = ?, test = ?, eligible_minor = ?, taxes_included = ?, email_key = ?,
          shipping_address_key = ?, discount_codes = ?, referral_code = ?, product_spend = ?, excluded_lines = ?, customer_tags = ?, shipping_included = ?, updated_at = ?
        WHERE shop = ? AND order_id = ? AND paid_at IS NULL`,
        [...paidValues, shop, order.orderId],
      );
      // Refunds that arrived first were summed before Tally knew whether their subtotals include tax or shipping counts.
      if (count > 0 && (order.taxesIncluded || order.shippingIncluded)) await refreshRefundedMinor(tx, shop, order.orderId, now);
      return count > 0;
    },
  );
  return order.cancelledAt ? recordOrderCancelled(db, shop, order.orderId, order.cancelledAt, now) : recorded;
}

/**
 * Records a refund once, by Shopify's refund id, and adds it to the order's refunded total in the same statement
 * that writes the order: two refunds of one order recorded at the same moment each add their own amount, where
 * reading the sum of refunds and writing it back could let one overwrite the other.
 */
export function recordOrderRefund(db: TallyDatabase, shop: string, refund: OrderRefund, now: Date): Promise<StoredOrder> {
  return writeOrder(
    db,
    shop,
    refund.orderId,
    (tx) => ensureOrderRow(tx, shop, refund.orderId, now),
    async (tx) => {
      await recordRefundNow(tx, shop, refund, now);
      return true;
    },
  );
}

/** The order's row, with nothing known of it yet, unless it exists: the order created, or null. */
function ensureOrderRow(db: TallyDatabase, shop: string, orderId: string, now: Date, cancelledAt: Date | null = null): Promise<StoredOrder | null> {
  return insertOrder(
    db,
    "INSERT INTO orders (shop, order_id, cancelled_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (shop, order_id) DO NOTHING",
    [shop, orderId, cancelledAt, now, now],
  );
}

async function recordRefundNow(db: TallyDatabase, shop: string, refund: OrderRefund, now: Date): Promise<void> {
  const inserted = await db.sql.run(
    `INSERT INTO order_refunds (shop, refund_id, order_id, eligible_minor, tax_minor, shipping_minor, refunded_at)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop, refund_id) DO NOTHING`,
    [shop, refund.refundId, refund.orderId, refund.eligibleMinor, refund.taxMinor, refund.shippingMinor, refund.refundedAt],
  );
  if (inserted === 0) return;
  // Whether the subtotal includes tax, and whether shipping counts, are the order's to say (a refund carries
  // neither); read in the same statement.
  const withoutTax = Math.max(0, refund.eligibleMinor - refund.taxMinor);
  await db.sql.run(
    `UPDATE orders SET refunded_minor = refunded_minor + CASE WHEN taxes_included THEN CAST(? AS INTEGER) ELSE CAST(? AS INTEGER) END
        + CASE WHEN shipping_included THEN CAST(? AS INTEGER) ELSE 0 END,
      updated_at = ?
    WHERE shop = ? AND order_id = ?`,
    [withoutTax, refund.eligibleMinor, refund.shippingMinor, now, shop, refund.orderId],
  );
}

/**
 * The order's refunded eligible spend from all its refunds: their subtotals, less their tax when the order's prices
 * include it. For refunds recorded before the payment told Tally which kind of prices the shop has.
 */
async function refreshRefundedMinor(db: TallyDatabase, shop: string, orderId: string, now: Date): Promise<void> {
  const order = await db.sql.get<{ taxes_included: unknown; shipping_included: unknown }>(
    "SELECT taxes_included, shipping_included FROM orders WHERE shop = ? AND order_id = ?",
    [shop, orderId],
  );
  const total = await db.sql.get<{ subtotals: number | null; tax: number | null; shipping: number | null }>(
    "SELECT SUM(eligible_minor) AS subtotals, SUM(tax_minor) AS tax, SUM(shipping_minor) AS shipping FROM order_refunds WHERE shop = ? AND order_id = ?",
    [shop, orderId],
  );
  const subtotals = Number(total?.subtotals ?? 0);
  const tax = order?.taxes_included ? Number(total?.tax ?? 0) : 0;
  const shipping = order?.shipping_included ? Number(total?.shipping ?? 0) : 0;
  await db.sql.run("UPDATE orders SET refunded_minor = ?, updated_at = ? WHERE shop = ? AND order_id = ?", [Math.max(0, subtotals - tax) + shipping, now, shop, orderId]);
}

/** Records an order's cancellation (the first one's time is kept); returns the order as recorded. */
export function recordOrderCancelled(db: TallyDatabase, shop: string, orderId: string, cancelledAt: Date, now: Date): Promise<StoredOrder> {
  return writeOrder(
    db,
    shop,
    orderId,
    (tx) => ensureOrderRow(tx, shop, orderId, now, cancelledAt),
    async (tx, created) => {
      if (created) return false;
      const count = await tx.sql.run("UPDATE orders SET cancelled_at = ?, updated_at = ? WHERE shop = ? AND order_id = ? AND cancelled_at IS NULL", [
        cancelledAt, now, shop, orderId,
      ]);
      return count > 0;
    },
  );
}

/**
 * Fixes what a paid order earns, once (settle-order.server.ts decides it). The earnings decide no rollup
 * (counted-order.ts reads payment, cancellation, test flag, spend and shopper), so this write does not go
 * through writeOrders and its reads before and after.
 */
export async function fixOrderEarnings(
  db: TallyDatabase,
  shop: string,
  orderId: string,
  earned: { points: number; tier: string | null; postAt: Date | null; campaignPoints: number; campaignIds: string[] },
): Promise<boolean> {
  const campaigns = earned.campaignIds.length > 0 ? JSON.stringify(earned.campaignIds) : null;
  return 1 === await db.sql.run(
    `UPDATE orders SET earned_points = ?, tier_at_paid = ?, points_post_at = ?, campaign_points = ?, campaign_ids = ?
    WHERE shop = ? AND order_id = ? AND earned_points IS NULL`,
    [earned.points, earned.tier, earned.postAt, earned.campaignIds.length > 0 ? earned.campaignPoints : null, campaigns, shop, orderId],
  );
}

/**
 * An order read from the shop's history earns nothing unless the merchant awards past orders: its earnings are
 * fixed at 0, at the tier held when it was paid, and marked withheld (docs/decisions/046-shop-history-on-install.md).
 * An order whose earnings a webhook fixed first is left as it is. A later orders/paid for the order finds its
 * earnings fixed and pays nothing.
 */
export async function withholdOrderEarnings(db: TallyDatabase, shop: string, orderId: string, tier: string | null): Promise<boolean> {
  return 1 === await db.sql.run("UPDATE orders SET earned_points = 0, tier_at_paid = ?, points_post_at = NULL, earnings_withheld = ? WHERE shop = ? AND order_id = ? AND earned_points IS NULL", [
    tier, true, shop, orderId,
  ]);
}

/** The merchant awards a withheld order its points: fixed once, posting at once (its pending window is long over). */
export async function releaseWithheldEarnings(db: TallyDatabase, shop: string, orderId: string, points: number): Promise<boolean> {
  return 1 === await db.sql.run("UPDATE orders SET earned_points = ?, earnings_withheld = ? WHERE shop = ? AND order_id = ? AND earnings_withheld = ?", [
    points, false, shop, orderId, true,
  ]);
}
