// Whether a friend's order earns its advocate a reward (docs/program.md, "Referrals"). Rejections are values
// with a reason the merchant reads in the admin.

export type ReferralRejection = "self_referral" | "same_email" | "same_address" | "not_first_order";

export interface ReferralParty {
  customerId: string | null;
  emailKey: string | null;
  addressKey: string | null;
}

/** The fraud signals a merchant can switch off; a customer referring themselves is never a referral. */
export interface FraudChecks {
  rejectSameEmail: boolean;
  rejectSameAddress: boolean;
}

export function referralRejection(
  advocate: ReferralParty,
  friend: ReferralParty & { hadEarlierPaidOrder: boolean },
  checks: FraudChecks,
): ReferralRejection | null {
  if (friend.customerId !== null && friend.customerId === advocate.customerId) return "self_referral";
  if (checks.rejectSameEmail && friend.emailKey !== null && friend.emailKey === advocate.emailKey) return "same_email";
  if (checks.rejectSameAddress && friend.addressKey !== null && friend.addressKey === advocate.addressKey) return "same_address";
  if (friend.hadEarlierPaidOrder) return "not_first_order";
  return null;
}
