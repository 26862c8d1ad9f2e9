// What a merchant reads on the members list and a member's page. The list's older strings stay in en.ts.
import type { TransferCode } from "~/loyalty/ledger/transfer-codes";
import shopperWording from "../../../extensions/shared/strings/en.default.json";

export const MEMBER_SORTS = ["name", "email", "available", "lifetime", "joined"] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];

export const membersList = {
  tierLabel: "Tier",
  allTiers: "All tiers",
  sortLabel: "Sort by",
  sorts: {
    name: "Name",
    email: "Email",
    available: "Available points",
    lifetime: "Lifetime earned",
    joined: "Date joined",
  } satisfies Record<MemberSort, string>,
  orderLabel: "Order",
  orders: { asc: "Lowest / A–Z / oldest first", desc: "Highest / Z–A / newest first" },
  apply: "Apply",
  joinedColumn: "Joined",
  invalidTier: (tier: string, known: string) => `There is no tier “${tier}” in your program. Choose one of: ${known}.`,
  invalidSort: `Sort by one of: ${MEMBER_SORTS.join(", ")}.`,
  invalidOrder: "The order must be asc (lowest first) or desc (highest first).",
  invalidTierFormat: "A tier is written in lower-case letters, digits and dashes, such as silver.",
  noMatchesInTier: (tier: string) => `No member in ${tier} matches.`,
};

/**
 * What each transfer code is called on the members and activity pages: the words the shopper reads in their
 * history, so that a code has one label per language (docs/decisions/025-one-shopper-contract.md). The admin is
 * in English.
 */
export const transferCodeLabels: Record<TransferCode, string> = shopperWording.transfers;

export const memberDetail = {
  backToMembers: "Members",
  notFound: "There is no such member in this shop.",
  invalidPage: "The page number must be a whole number from 1.",
  balancesHeading: "Points",
  balances: {
    available: "Available",
    availableHelp: "Can be spent now",
    owed: "Owed",
    owedHelp: "A refund or cancellation took back points already spent; the member's next points repay it first",
    pendingCredit: "Pending",
    pendingCreditHelp: "Earned on orders still inside the pending window",
    pendingDebit: "Reserved",
    pendingDebitHelp: "Held for discount codes not used yet",
    lifetimeEarned: "Lifetime earned",
    lifetimeEarnedHelp: "Everything earned, less what refunds took back",
  },
  tierTitle: (tier: string) => `Tier: ${tier}`,
  /** What the tiers follow, counted over the program's window: "$500.00", "1,200 points", "3 orders". */
  tierTotal: (amount: string) => `${amount} counted towards tiers`,
  toNextTier: (amount: string, tier: string) => `${amount} more to reach ${tier}`,
  topTier: "Top tier: nothing more to reach.",
  profileHeading: "Customer",
  customerId: (id: string) => `Shopify customer ${id}`,
  referralCode: (code: string) => `Referral code ${code}`,
  joined: (date: string) => `Member since ${date}`,
  redacted: "This customer's personal data was erased at their request; their points history stays, anonymous.",
  historyHeading: "Points history",
  historyEmpty: "No points have moved for this member yet.",
  historyColumns: { date: "Date", what: "What", points: "Points", status: "Status", order: "Order", by: "By", memo: "Note" },
  statuses: { pending: "Pending", posted: "Done", voided: "Cancelled" } as Record<string, string>,
  resolves: "Settles an earlier pending entry",
  reverses: "Undoes an earlier entry",
  system: "Tally",
  noOrder: "—",
  order: (id: string) => `Order ${id}`,
  historyPage: (page: string, pages: string, total: string) => `Page ${page} of ${pages} · ${total} entries`,
  historyResource: { singular: "entry", plural: "entries" },
  referralsHeading: "Referrals",
  referralsMade: "Friends this member referred",
  referralsMadeEmpty: "This member has not referred anyone yet.",
  referralsReceived: "Referred by",
  referralsReceivedEmpty: "This member was not referred by anyone.",
  moreReferrals: (shown: number, total: number) => `Showing the latest ${shown} of ${total}. The Referrals page lists them all.`,
  referralColumns: { date: "Date", member: "Member", order: "Friend's order", status: "Status" },
  shopifyHeading: "In Shopify",
  shopifyIntro: "What the customer's metafields hold, as Tally last wrote them (docs/metafields.md).",
  shopifyValues: (points: string, tier: string, code: string | null) => [`${points} points`, tier, code ? `code ${code}` : null].filter(Boolean).join(" · "),
  shopifyTag: (tag: string) => `Tag ${tag}`,
  shopifyWritten: (at: string) => `Written ${at}`,
  shopifyWaiting: "A change is waiting to be written (at most once a minute).",
  shopifyRetrying: "The last write failed; Tally tries again shortly.",
  shopifyNever: "Not written to Shopify yet.",
  adjustHeading: "Adjust points",
  adjustIntro: "Add or take away points by hand. The change is recorded in the points history with your name and the reason.",
  pointsLabel: "Points",
  pointsHelp: "A positive number adds points; a negative number (such as -50) takes them away.",
  reasonLabel: "Reason",
  reasonHelp: "Shown in the points history and the activity log.",
  adjustButton: "Record adjustment",
  adjusted: (points: string) => `Adjustment recorded: ${points} points.`,
  pointsRequired: "Enter a number of points.",
  pointsWhole: "Points must be a whole number, such as 50 or -50.",
  pointsNonZero: "Enter a number of points other than 0.",
  pointsTooLarge: (max: string) => `An adjustment can be at most ${max} points either way.`,
  reasonRequired: "Enter a reason for the adjustment.",
  reasonTooLong: (max: number) => `Keep the reason under ${max} characters.`,
  staleForm: "This form is out of date. Reload the page and try again.",
  insufficientPoints: (asked: string, available: string) =>
    `This member has ${available} points available, so ${asked} cannot be taken away. Points that are pending or reserved cannot be taken back by hand.`,
};
