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

/** A reward paid out as a discount code: every kind but store credit. */
export type CodeReward = Exclude<Reward, { kind: "store_credit" }>;

export interface RewardCodeInput {
  code: string;
  reward: CodeReward;
  /** Shopify's numeric customer id: the only customer who can use the code. */
  customerId: string;
  currencyCode: string;
  startsAt: Date;
  expiresAt: Date;
}

export type RewardDiscountInput =
  | { mutation: "basic"; input: Record<string, unknown> }
  | { mutation: "free_shipping"; input: Record<string, unknown> };

/** What the code applies to: the reward's collections, or the whole order. */
function itemsOf(reward: CodeReward): Record<string, unknown> {
  if (reward.kind === "free_product") return { products: { productVariantsToAdd: [reward.variantId] } };
  return reward.collectionIds && reward.collectionIds.length > 0 ? { collections: { add: reward.collectionIds } } : { all: true };
}

function valueOf(reward: Exclude<CodeReward, { kind: "free_shipping" }>, currencyCode: string): Record<string, unknown> {
  switch (reward.kind) {
    case "amount_off":
      return { discountAmount: { amount: decimalAmount(reward.amountMinor, currencyCode), appliesOnEachItem: false } };
    case "percentage_off":
      return { percentage: reward.percent / 100 };
    case "free_product":
      // One unit free: the variant's price once, across its lines (appliesOnEachItem false), so a second unit in
      // the cart is paid for. A basic code cannot say "100 % off one unit"; only buy-X-get-Y codes count units.
      if (reward.amountMinor === undefined) throw new Error(`free product ${reward.id} was not priced before its code was made`);
      return { discountAmount: { amount: decimalAmount(reward.amountMinor, currencyCode), appliesOnEachItem: false } };
  }
}

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
  return {
    mutation: "basic",
    input: { ...common, customerGets: { value: valueOf(reward, currencyCode), items: itemsOf(reward) }, combinesWith: { productDiscounts: true, shippingDiscounts: true } },
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
