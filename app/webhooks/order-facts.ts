// Turns Shopify's order and refund payloads into the amounts Tally's rules work with, in the shop's currency
// (shop_money), whatever currency the shopper paid in.
import { toMinorUnits } from "~/loyalty/earning/money";
import type { OrderPayload } from "./payloads/order-payload";
import type { RefundPayload } from "./payloads/refund-payload";

/** The cart attribute the checkout and storefront extensions set to carry a referral code to the order. */
export const REFERRAL_ATTRIBUTE = "_tally_referral";

/** Eligible spend (product.md): current subtotal, after discounts, before shipping and tax, less gift cards. */
export function eligibleSpendMinor(order: OrderPayload): number {
  const currency = order.current_subtotal_price_set.shop_money.currency_code;
  const subtotal = toMinorUnits(order.current_subtotal_price_set.shop_money.amount, currency);
  let giftCards = 0;
  for (const line of order.line_items) {
    if (!line.gift_card) continue;
    const quantity = line.current_quantity ?? line.quantity;
    const discounts = line.discount_allocations.reduce((sum, d) => sum + toMinorUnits(d.amount_set.shop_money.amount, currency), 0);
    giftCards += toMinorUnits(line.price_set.shop_money.amount, currency) * quantity - discounts;
  }
  return Math.max(0, subtotal - giftCards);
}

/** The eligible spend a refund gives back: its refunded line items' subtotals, gift cards and shipping excluded. */
export function refundedEligibleMinor(refund: RefundPayload): number {
  return refund.refund_line_items
    .filter((line) => !line.line_item.gift_card)
    .reduce((sum, line) => sum + toMinorUnits(line.subtotal_set.shop_money.amount, line.subtotal_set.shop_money.currency_code), 0);
}

/** Codes the order carried that might be referral codes: its discount codes and the referral cart attribute. */
export function candidateReferralCodes(order: OrderPayload): string[] {
  const fromAttributes = order.note_attributes
    .filter((attribute) => attribute.name === REFERRAL_ATTRIBUTE && attribute.value !== null && attribute.value !== undefined)
    .map((attribute) => String(attribute.value));
  return [...fromAttributes, ...order.discount_codes.map((discount) => discount.code)];
}
