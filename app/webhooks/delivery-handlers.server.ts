// What each queued webhook does, once it is out of the request: payload → domain facts → settle.
import type { TallyDatabase } from "~/db/database.server";
import { recordOrderCancelled, recordOrderPaid, recordOrderRefund } from "~/loyalty/earning/order-store.server";
import { settleOrder } from "~/loyalty/earning/settle-order.server";
import { applyCustomerEvent } from "~/loyalty/members/customer-events.server";
import { defaultProgramRules, type ProgramRules } from "~/loyalty/program/program-rules";
import { findShop } from "~/loyalty/program/shop-store.server";
import { addressKey, normalizeEmail } from "~/loyalty/referrals/referral-identity";
import type { WebhookTopic } from "./delivery-queue.server";
import { candidateReferralCodes, eligibleSpendMinor, refundedEligibleMinor, refundedTaxMinor } from "./order-facts";
import { customerPayload } from "./payloads/customer-payload";
import { orderPayload, type OrderPayload } from "./payloads/order-payload";
import { refundPayload } from "./payloads/refund-payload";

type Handler = (db: TallyDatabase, shop: string, payload: unknown, now: Date) => Promise<void>;

const ACCOUNT_STATES = new Set(["disabled", "invited", "enabled", "declined"]);

export async function programRules(db: TallyDatabase, shop: string): Promise<ProgramRules> {
  // Webhooks only arrive for installed shops, which have a row; a shop without one runs the defaults.
  return (await findShop(db.prisma, shop))?.rules ?? defaultProgramRules();
}

function paidOrder(order: OrderPayload) {
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
        }
      : null,
    emailKey: normalizeEmail(order.email ?? order.customer?.email),
    shippingAddressKey: addressKey(order.shipping_address),
    test: order.test,
    paidAt: new Date(order.processed_at ?? order.created_at),
    eligibleMinor: eligibleSpendMinor(order),
    taxesIncluded: order.taxes_included,
    cancelledAt: order.cancelled_at ? new Date(order.cancelled_at) : null,
    discountCodes: order.discount_codes.map((discount) => discount.code),
    referralCodes: candidateReferralCodes(order),
  };
}

const onCustomer: Handler = async (db, shop, payload, now) => {
  const customer = customerPayload.parse(payload);
  await applyCustomerEvent(
    db,
    shop,
    await programRules(db, shop),
    {
      customerId: customer.id,
      email: customer.email ?? null,
      firstName: customer.first_name ?? null,
      lastName: customer.last_name ?? null,
      state: customer.state,
      defaultAddress: customer.default_address ?? null,
    },
    now,
  );
};

export const deliveryHandlers: Record<WebhookTopic, Handler> = {
  "orders/paid": async (db, shop, payload, now) => {
    const order = orderPayload.parse(payload);
    const rules = await programRules(db, shop);
    await recordOrderPaid(db, shop, rules, paidOrder(order), now);
    await settleOrder(db, shop, order.id, rules, now);
  },
  "orders/cancelled": async (db, shop, payload, now) => {
    const order = orderPayload.parse(payload);
    await recordOrderCancelled(db, shop, order.id, new Date(order.cancelled_at ?? now), now);
    await settleOrder(db, shop, order.id, await programRules(db, shop), now);
  },
  "refunds/create": async (db, shop, payload, now) => {
    const refund = refundPayload.parse(payload);
    await recordOrderRefund(
      db,
      shop,
      { refundId: refund.id, orderId: refund.order_id, eligibleMinor: refundedEligibleMinor(refund), taxMinor: refundedTaxMinor(refund), refundedAt: new Date(refund.created_at) },
      now,
    );
    await settleOrder(db, shop, refund.order_id, await programRules(db, shop), now);
  },
  "customers/create": onCustomer,
  "customers/update": onCustomer,
};
