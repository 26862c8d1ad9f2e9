// The Admin API inputs for the codes Tally creates, built from domain values. Money goes to Shopify as a decimal
// string in the shop's currency; percentages as a fraction (0.1 is 10 %).
// https://shopify.dev/docs/api/admin-graphql/latest/input-objects/DiscountCodeBasicInput
import { minorDigits } from "~/money/money";
import type { Reward } from "./rewards";

export const FRIEND_DISCOUNT_TITLE_PREFIX = "Tally referral ";

export function decimalAmount(minor: number, currencyCode: string): string {
  const digits = minorDigits(currencyCode);
  return (minor / 10 ** digits).toFixed(digits);
}

export interface RewardCodeInput {
  code: string;
  reward: Reward;
  /** Shopify's numeric customer id: the only customer who can use the code. */
  customerId: string;
  currencyCode: string;
  startsAt: Date;
  expiresAt: Date;
}

export type RewardDiscountInput =
  | { mutation: "basic"; input: Record<string, unknown> }
  | { mutation: "free_shipping"; input: Record<string, unknown> };

/** A single-use code for one customer, ending when the reservation lapses (the lapsed-code job also disables it). */
export function rewardDiscountInput({ code, reward, customerId, currencyCode, startsAt, expiresAt }: RewardCodeInput): RewardDiscountInput {
  const common = {
    title: `Tally reward ${code}`,
    code,
    startsAt: startsAt.toISOString(),
    endsAt: expiresAt.toISOString(),
    usageLimit: 1,
    appliesOncePerCustomer: true,
    context: { customers: { add: [`gid://shopify/Customer/${customerId}`] } },
    ...(reward.minimumOrderMinor > 0 ? { minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: decimalAmount(reward.minimumOrderMinor, currencyCode) } } } : {}),
  };
  if (reward.kind === "free_shipping") {
    return { mutation: "free_shipping", input: { ...common, destination: { all: true }, combinesWith: { productDiscounts: true, orderDiscounts: true } } };
  }
  const value =
    reward.kind === "amount_off"
      ? { discountAmount: { amount: decimalAmount(reward.amountMinor, currencyCode), appliesOnEachItem: false } }
      : { percentage: reward.percent / 100 };
  return {
    mutation: "basic",
    input: { ...common, customerGets: { value, items: { all: true } }, combinesWith: { productDiscounts: true, shippingDiscounts: true } },
  };
}

/** What the friend gets: `percent` off every item. */
export function friendDiscountValue(percent: number): Record<string, unknown> {
  return { customerGets: { value: { percentage: percent / 100 }, items: { all: true } } };
}

/** The friend discount behind a referral code: any customer, once each (docs/decisions/012-friend-discount-codes.md). */
export function friendDiscountInput(code: string, percent: number, startsAt: Date): Record<string, unknown> {
  return {
    title: `${FRIEND_DISCOUNT_TITLE_PREFIX}${code}`,
    code,
    startsAt: startsAt.toISOString(),
    appliesOncePerCustomer: true,
    context: { all: "ALL" },
    ...friendDiscountValue(percent),
    combinesWith: { productDiscounts: true, shippingDiscounts: true },
  };
}
