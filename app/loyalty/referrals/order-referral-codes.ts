// Where an order names a referral code: a discount code the friend typed, or the cart attribute the checkout and
// storefront extensions set when the code came from a referral link.
import type { OrderPayload } from "~/shopify-input/order-payload";

/** The cart attribute the checkout and storefront extensions set to carry a referral code to the order. */
export const REFERRAL_ATTRIBUTE = "_tally_referral";

/** Codes the order carried that might be referral codes: its discount codes and the referral cart attribute. */
export function candidateReferralCodes(order: OrderPayload): string[] {
  const fromAttributes = order.note_attributes
    .filter((attribute) => attribute.name === REFERRAL_ATTRIBUTE && attribute.value !== null && attribute.value !== undefined)
    .map((attribute) => String(attribute.value));
  return [...fromAttributes, ...order.discount_codes.map((discount) => discount.code)];
}
