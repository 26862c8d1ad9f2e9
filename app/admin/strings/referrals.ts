// What a merchant reads about referrals: the Referrals page and the referrals on a member's page.
export const REFERRAL_STATUSES = ["pending", "rewarded", "rejected", "cancelled"] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const referralStatusLabels: Record<string, string> = {
  pending: "Waiting",
  rewarded: "Rewarded",
  rejected: "Rejected",
  cancelled: "Cancelled",
};

/** Why a referral was not rewarded, in plain words (reasons from referral-checks.ts and referral-store.server.ts). */
export const referralReasonLabels: Record<string, string> = {
  self_referral: "The friend is the referring member",
  same_email: "The friend's email matches the referring member's",
  same_address: "The friend's shipping address matches the referring member's",
  not_first_order: "The friend had ordered before",
  advocate_excluded: "The referring member was not in the program (excluded by staff or by a customer tag)",
  program_paused: "The program was paused when the friend's order was paid",
  order_cancelled: "The friend's order was cancelled",
  order_refunded: "The friend's order was refunded",
  manual: "Rejected by staff",
};

export function referralReason(reason: string | null): string | null {
  if (!reason) return null;
  return referralReasonLabels[reason] ?? reason;
}

export const referralsPage = {
  title: "Referrals",
  intro:
    "Every order that carried a member's referral code. Tally rewards the referring member when the friend's order leaves the pending window, and rejects referrals that look like fraud. You can approve or reject any of them by hand; every decision is kept in the activity log.",
  statusLabel: "Status",
  allStatuses: "All statuses",
  apply: "Apply",
  columns: {
    date: "Date",
    advocate: "Referring member",
    friend: "Friend",
    order: "Friend's order",
    status: "Status",
    actions: "Actions",
  },
  resourceName: { singular: "referral", plural: "referrals" },
  emptyHeading: "No referrals yet",
  emptyBody: "When a friend's order carries a member's referral code, it appears here.",
  noMatches: (status: string) => `No referral is ${status.toLowerCase()}.`,
  pageLabel: (page: string, pages: string, total: string) => `Page ${page} of ${pages} · ${total} referrals`,
  friendCustomer: (id: string) => `Customer ${id}`,
  guest: "Guest",
  order: (id: string) => `Order ${id}`,
  rewardDue: (date: string) => `Reward due ${date}`,
  decidedBy: (staff: string, date: string) => `Decided by ${staff}, ${date}`,
  automatic: "Decided automatically",
  codeUsed: (code: string) => `Code ${code}`,
  approve: "Approve",
  approveLabel: (advocate: string) => `Approve the referral by ${advocate} and reward them now`,
  reject: "Reject",
  rejectLabel: (advocate: string) => `Reject the referral by ${advocate}`,
  rejectRewarded: "Reject and take back reward",
  rejectRewardedLabel: (advocate: string, points: string) => `Reject the referral by ${advocate} and take back their ${points} reward points`,
  confirmTakeBack: (advocate: string, points: string) =>
    `Reject this referral and take ${points} points back from ${advocate}? If they already spent them, their balance goes below zero until they earn more.`,
  invalidStatus: "Choose a status: pending, rewarded, rejected or cancelled.",
  invalidPage: "The page number must be a whole number from 1.",
  invalidDecision: "Choose approve or reject for a referral.",
  notFound: "There is no such referral in this shop.",
  approved: (points: string) => `Referral approved. The referring member received ${points} points.`,
  approvedNoPoints: "Referral approved.",
  rejected: "Referral rejected. Its reward will not be paid.",
  rejectedReversed: (points: string) => `Referral rejected, and the ${points} reward points were taken back.`,
  alreadyDecided: (status: string) => `This referral is already ${status.toLowerCase()}; nothing changed.`,
  cannotApprove: (status: string) => `A ${status.toLowerCase()} referral cannot be approved: its order was refunded or cancelled, or its reward was already taken back.`,
  cannotReject: (status: string) => `A ${status.toLowerCase()} referral cannot be rejected.`,
};
