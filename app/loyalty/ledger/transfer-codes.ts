/** Why points moved. Every transfer carries one (docs/decisions/001-ledger-model.md). */
export const TRANSFER_CODES = [
  "PURCHASE",
  "SIGNUP_BONUS",
  /** A member's birthday bonus, once a year (app/loyalty/bonuses/birthday-bonus.ts). */
  "BIRTHDAY_BONUS",
  "REFERRAL_ADVOCATE",
  "MILESTONE_BONUS",
  /** A tier's entry reward: points on moving up into it, once per member and tier (app/loyalty/tiers/tier-entry-rewards.server.ts). */
  "TIER_ENTRY",
  "REFUND_REVERSAL",
  "CANCELLATION",
  "REDEMPTION",
  "REDEMPTION_RELEASE",
  /** Points spent on a reward given back because the order that used it was cancelled or refunded in full (app/loyalty/redemption/redemption-returns.ts). */
  "REDEMPTION_RETURNED",
  "EXPIRY",
  "EXPIRY_REVERSAL",
  "ADJUSTMENT",
  "IMPORT",
  /** Points for an event another app or the merchant's developer reported through the public API (app/loyalty/custom-events/). */
  "CUSTOM_EVENT",
  /** Points for subscribing to the shop's email marketing, once per member (app/loyalty/actions/). */
  "NEWSLETTER_SIGNUP",
  /** Points for following or sharing the shop on a social network, once per member and network (app/loyalty/actions/). */
  "SOCIAL_FOLLOW",
] as const;

export type TransferCode = (typeof TRANSFER_CODES)[number];

export function isTransferCode(value: string): value is TransferCode {
  return (TRANSFER_CODES as readonly string[]).includes(value);
}

/**
 * Codes whose posted points count towards "lifetime earned": what was earned, net of the reversals and
 * corrections of earnings. Spending (REDEMPTION, EXPIRY) lowers the balance, not what was earned.
 */
const EARNINGS: ReadonlySet<TransferCode> = new Set<TransferCode>([
  "PURCHASE",
  "SIGNUP_BONUS",
  "BIRTHDAY_BONUS",
  "REFERRAL_ADVOCATE",
  "MILESTONE_BONUS",
  "TIER_ENTRY",
  "IMPORT",
  "ADJUSTMENT",
  "CUSTOM_EVENT",
  "NEWSLETTER_SIGNUP",
  "SOCIAL_FOLLOW",
  "REFUND_REVERSAL",
  "CANCELLATION",
]);

export function countsAsEarned(code: TransferCode): boolean {
  return EARNINGS.has(code);
}
