// What each queued webhook does, once it is out of the request: payload → domain facts → settle. The worker runs
// a delivery's work as one unit of work (all of it is written, or none), holding the shop's settlement lock.
import type { TallyDatabase } from "~/db/database.server";
import { recordOrderCancelled, recordOrderPaid, recordOrderRefund, type OrderRefund, type PaidOrder } from "~/loyalty/earning/order-store.server";
import { settleRecordedOrder } from "~/loyalty/earning/settle-order.server";
import { withSettlementLock } from "~/loyalty/earning/settlement-lock.server";
import { applyCustomerEvent } from "~/loyalty/members/customer-events.server";
import { programRulesNow } from "~/loyalty/program/shop-store.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { addressKey, normalizeEmail } from "~/loyalty/referrals/referral-identity";
import type { WebhookTopic } from "~/queue/delivery";
import { paidOrderSpend, refundSpend, type PaidOrderSpend, type RefundSpend } from "~/loyalty/earning/order-spend.server";
import { normalizeTags } from "~/loyalty/exclusion/customer-tags";
import { candidateReferralCodes } from "~/loyalty/referrals/order-referral-codes";
import { customerPayload } from "~/shopify-input/customer-payload";
import { orderPayload, type OrderPayload } from "~/shopify-input/order-payload";
import { refundPayload, type RefundPayload } from "~/shopify-input/refund-payload";

/** A delivery's work; `rules` is the shop's program, read once for the delivery in its unit of work. */
type DeliveryWork = (db: TallyDatabase, rules: ProgramRules, now: Date) => Promise<void>;

type Handler = (shop: string, payload: unknown) => DeliveryWork;

export interface ApplyOptions {
  /**
   * The shop's program as the caller read it inside the same unit of work (the worker reads it with the shop's
   * installed state, departed-shops.server.ts); read here when not given.
   */
  rules?: ProgramRules;
}

/**
 * Applies one delivery as one unit of work, under the shop's settlement lock. A payload the topic's schema
 * refuses fails before anything is written.
 */
export async function applyDelivery(
  db: TallyDatabase,
  delivery: { topic: WebhookTopic; shop: string; payload: unknown },
  now: Date,
  { rules }: ApplyOptions = {},
): Promise<void> {
  const work = deliveryWork[delivery.topic](delivery.shop, delivery.payload);
  const unit = () =>
    db.transaction(async (tx) => work(tx, rules ?? (await programRulesNow(tx.sql, delivery.shop)), now));
  await withSettlementLock(db, delivery.shop, unit);
}

const ACCOUNT_STATES = new Set(["disabled", "invited", "enabled", "declined"]);

/**
 * An orders/paid payload as the order writer records it, with its eligible spend as the program counts it now
 * (order-spend.server.ts); the shop-history import reads its orders the same way.
 */
export function paidOrder(order: OrderPayload, spend: PaidOrderSpend): PaidOrder {
  const state = order.customer?.state;
  return {
    orderId: order.id,
    customer: order.customer
      ? {
          id: order.customer.id,
          email: order.customer.email ?? null,
          firstName: order.customer.first_name ?? null,
          lastName: order.customer.last_name ?? null,
          state: state && ACCOUNT_STATES.has(state) ? (state as "disabled" | "invited" | "enabled" | "declined") : null,
          tags: normalizeTags(order.customer.tags),
          updatedAt: order.customer.updated_at ? new Date(order.customer.updated_at) : null,
        }
      : null,
    emailKey: normalizeEmail(order.email ?? order.customer?.email),
    shippingAddressKey: addressKey(order.shipping_address),
    test: order.test,
    paidAt: new Date(order.processed_at ?? order.created_at),
    eligibleMinor: spend.eligibleMinor,
    productSpend: spend.productSpend,
    excludedLines: spend.excludedLines,
    shippingIncluded: spend.shippingIncluded,
    taxesIncluded: order.taxes_included,
    cancelledAt: order.cancelled_at ? new Date(order.cancelled_at) : null,
    discountCodes: order.discount_codes.map((discount) => discount.code),
    referralCodes: candidateReferralCodes(order),
  };
}

/** A refunds/create payload as the order writer records it. */
export function orderRefund(refund: RefundPayload, spend: RefundSpend): OrderRefund {
  return { refundId: refund.id, orderId: refund.order_id, ...spend, refundedAt: new Date(refund.created_at) };
}

const onCustomer: Handler = (shop, payload) => {
  const customer = customerPayload.parse(payload);
  return (db, rules, now) => applyCustomerEvent(
    db,
    shop,
    rules,
    {
      customerId: customer.id,
      email: customer.email ?? null,
      firstName: customer.first_name ?? null,
      lastName: customer.last_name ?? null,
      state: customer.state,
      locale: customer.locale ?? null,
      defaultAddress: customer.default_address ?? null,
      emailMarketingState: customer.email_marketing_consent?.state ?? null,
      tags: normalizeTags(customer.tags),
      updatedAt: customer.updated_at ? new Date(customer.updated_at) : null,
    },
    now,
  );
};

const deliveryWork: Record<WebhookTopic, Handler> = {
  "orders/paid": (shop, payload) => {
    const order = orderPayload.parse(payload);
    return async (db, rules, now) => {
      const recorded = await recordOrderPaid(db, shop, rules, paidOrder(order, await paidOrderSpend(db, shop, rules, order)), now);
      await settleRecordedOrder(db, recorded, rules, now);
    };
  },
  "orders/cancelled": (shop, payload) => {
    const order = orderPayload.parse(payload);
    return async (db, rules, now) => {
      const recorded = await recordOrderCancelled(db, shop, order.id, new Date(order.cancelled_at ?? now), now);
      await settleRecordedOrder(db, recorded, rules, now);
    };
  },
  "refunds/create": (shop, payload) => {
    const refund = refundPayload.parse(payload);
    return async (db, rules, now) => {
      const recorded = await recordOrderRefund(db, shop, orderRefund(refund, await refundSpend(db, shop, rules, refund)), now);
      await settleRecordedOrder(db, recorded, rules, now);
    };
  },
  "customers/create": onCustomer,
  "customers/update": onCustomer,
};

/** Each topic's work, applied as the worker applies it (the demo seed and tests replay events through these). */
export const deliveryHandlers = Object.fromEntries(
  Object.keys(deliveryWork).map((topic) => [topic, (db: TallyDatabase, shop: string, payload: unknown, now: Date) => applyDelivery(db, { topic: topic as WebhookTopic, shop, payload }, now)]),
) as Record<WebhookTopic, (db: TallyDatabase, shop: string, payload: unknown, now: Date) => Promise<void>>;
