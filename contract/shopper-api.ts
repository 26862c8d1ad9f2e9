// The shopper API's requests and answers (docs/shopper-api.md), written once. The server parses requests with
// these schemas and builds its answers as their types. The checkout, thank-you and customer account extensions
// (extensions/shared/shopper-responses.ts) and the storefront widget (widget/src/customer-response.ts) import the
// types only: zod in their bundles would break their size budgets, so their hand-written readers may name only
// fields these types have. test/shopper/shopper-contract.test.ts holds the server's real answers and those readers to
// these schemas; test/shopper/shopper-api-doc.test.ts holds the doc's field tables to them
// (docs/decisions/025-one-shopper-contract.md). zod/mini, so that a reader that can afford it may bundle this file.
import * as z from "zod/mini";

const integer = z.int();
const text = z.string();

// ---- Requests ----------------------------------------------------------------------------------------------

export const redeemRequest = z.object({
  rewardId: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  /** Chosen by the extension per click of "Redeem"; a retry of the same click sends the same id. */
  requestId: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,100}$/, "8 to 100 letters, digits, - or _")),
});

export const referralCheckRequest = z.object({ code: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)) });

export const estimateRequest = z.object({
  subtotal: z.object({
    amount: z.string().check(z.regex(/^\d{1,12}(\.\d{1,4})?$/, "a decimal amount such as 42.50")),
    currencyCode: z.string().check(z.regex(/^[A-Za-z]{3}$/, "a three-letter currency code")),
  }),
});

/**
 * The shopper's birthday, month and day without a year (POST /api/shopper/birthday, POST /apps/tally/birthday).
 * Any whole numbers are read: whether the date exists (no 31 February, no 13th month) is the server's answer,
 * `invalid_birthday`, worded in the shopper's language.
 */
export const birthdayRequest = z.object({ month: integer, day: integer });
/** A click on "Follow us" for one of the shop's networks (POST /api/shopper/social, POST /apps/tally/social). */
export const socialFollowRequest = z.object({ network: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)) });

/** A friend's address, typed into the storefront widget's refer box (POST /apps/tally/invite). */
export const inviteRequest = z.object({ email: z.string().check(z.trim(), z.minLength(3), z.maxLength(254)) });

// ---- Answers -----------------------------------------------------------------------------------------------

export const SHOPPER_ERROR_CODES = [
  "invalid_request",
  "invalid_session",
  "signed_out",
  "unknown_reward",
  "reward_unavailable",
  "tier_only",
  "insufficient_points",
  "request_conflict",
  "redemption_in_progress",
  "redemption_failed",
  "discount_unavailable",
  "unknown_shop",
  "unknown_order",
  "invalid_birthday",
  "birthday_locked",
  "unknown_network",
  "not_in_program",
  "program_paused",
] as const;

/** Every error an endpoint answers itself; `needed` and `available` come with `insufficient_points`. */
export const shopperErrorResponse = z.object({
  error: z.object({ code: z.enum(SHOPPER_ERROR_CODES), message: text, needed: z.optional(integer), available: z.optional(integer) }),
});

/** What every kind of reward has: `title` says what it gives in the shopper's language, `name` is the merchant's. */
export const rewardFields = { id: text, points: integer, minimumOrderMinor: integer, title: text, name: text };

/** A reward as the program offers it, worded in the shopper's language (app/shopper/rewards.ts prices it). */
export const shopperReward = z.discriminatedUnion("kind", [
  z.object({ ...rewardFields, kind: z.literal("amount_off"), amountMinor: integer }),
  z.object({ ...rewardFields, kind: z.literal("percentage_off"), percent: integer }),
  z.object({ ...rewardFields, kind: z.literal("free_shipping") }),
  z.object({ ...rewardFields, kind: z.literal("free_product"), productTitle: text }),
  z.object({ ...rewardFields, kind: z.literal("store_credit"), amountMinor: integer }),
]);

export const WAYS_TO_EARN = ["purchase", "signup", "birthday", "referral", "tier", "newsletter", "social", "event", "campaign"] as const;

/** Where a shopper can redeem besides the storefront widget, for the shop's plan and accounts (docs/shopper-api.md). */
export const REDEEM_PLACES = ["checkout", "account"] as const;

/**
 * A bonus campaign running now on every product: what the checkout extensions add to their estimate, with the
 * arithmetic the server settles with (app/loyalty/campaigns/campaign-points.ts). Campaigns on chosen collections
 * are only among the ways to earn: a cart's subtotal does not say which products it holds.
 */
export const runningCampaign = z.object({ id: text, kind: z.enum(["multiply", "add"]), multiplierPercent: integer, points: integer, startsAt: text, endsAt: text });

export const programExplainer = z.object({
  currencyCode: text,
  /** The merchant paused the program: no one earns or redeems now, and nothing is lost (ADR 041, 051). */
  paused: z.boolean(),
  redeemAt: z.array(z.enum(REDEEM_PLACES)),
  earn: z.object({ points: integer, perAmountMinor: integer, perAmount: text }),
  /** `network` and `url` come with "social": the shop's page to open, and what to send to POST …/social. */
  waysToEarn: z.array(z.object({ kind: z.enum(WAYS_TO_EARN), points: integer, text, network: z.optional(text), url: z.optional(text) })),
  campaigns: z.array(runningCampaign),
  rewards: z.array(shopperReward),
  referral: z.object({ friendDiscountPercent: integer, advocatePoints: integer }),
  /** What tiers follow over the program's window: eligible spend (minor units), points earned on orders, or orders. */
  tierMeasure: z.enum(["spend", "points", "orders"]),
  /** `start`: where the tier starts, in `tierMeasure`'s unit; `threshold`: the same, worded ("$500.00", "2 orders"). */
  tiers: z.array(z.object({ key: text, name: text, start: integer, threshold: text, multiplierPercent: integer })),
});

export const balance = z.object({
  available: integer,
  owed: integer,
  owedText: z.nullable(text),
  pending: integer,
  reserved: integer,
  lifetimeEarned: integer,
});

/** `remainingAmount`: what the next tier still needs, in the program's `tierMeasure`; `remaining`: the same, worded. */
export const tierProgress = z.object({ nextTierName: text, remainingAmount: integer, remaining: text, percent: integer });

/**
 * `keptUntil`: present only while the program's grace period keeps the tier after the shopper's total fell below it
 * (when they drop unless they qualify again); `keptText`: the same, worded ("You keep Gold until March 5, 2027…").
 */
export const tier = z.object({
  key: text,
  name: text,
  multiplierPercent: integer,
  progress: z.nullable(tierProgress),
  keptUntil: z.optional(text),
  keptText: z.optional(text),
});

export const referral = z.object({
  code: text,
  url: text,
  friendDiscountPercent: integer,
  advocatePoints: integer,
  made: integer,
  rewarded: integer,
  pending: integer,
});

export const unusedCode = z.object({ code: text, points: integer, expiresAt: text, title: z.nullable(text) });

export const HISTORY_STATUSES = ["pending", "posted", "voided"] as const;

export const historyEntry = z.object({
  id: text,
  /** The ledger's transfer code (PURCHASE, REDEMPTION, REFERRAL_ADVOCATE…). */
  code: text,
  /** Signed: negative when points were spent or taken back. */
  points: integer,
  status: z.enum(HISTORY_STATUSES),
  /** What the transfer was, in the shopper's language: the one wording of each code (app/shopper/shopper-strings.ts). */
  title: text,
  createdAt: text,
});

/** The birthday the shopper gave, and from when they may change it (once a year: app/loyalty/bonuses/birthday-bonus.ts). */
export const memberBirthday = z.object({ month: integer, day: integer, changeableFrom: text });

/** When the shopper's available points expire if they stay quiet (app/loyalty/expiry/expiry-clock.ts). */
export const pointsExpiry = z.object({ points: integer, expiresAt: text });

/** Whether the shopper takes part now: "excluded" by the merchant (staff or a customer tag), or the program "paused". */
export const STANDINGS = ["in", "excluded", "paused"] as const;

export const signedInSummary = z.object({
  signedIn: z.literal(true),
  standing: z.enum(STANDINGS),
  /** What the shopper reads while not "in": their points are kept, and why they cannot earn or redeem. */
  standingText: z.nullable(text),
  balance,
  /** Null when the program's points do not expire, or the shopper has none to lose. */
  expiry: z.nullable(pointsExpiry),
  tier,
  /** Null until the shopper gives one. */
  birthday: z.nullable(memberBirthday),
  referral,
  rewards: z.array(z.intersection(shopperReward, z.object({ affordable: z.boolean() }))),
  codes: z.array(unusedCode),
  history: z.array(historyEntry),
  /** The networks the shopper was already credited for following (a "social" way to earn done). */
  followed: z.array(text),
  program: programExplainer,
});

export const signedOutSummary = z.object({ signedIn: z.literal(false), program: programExplainer });

/** GET /api/shopper/summary and GET /apps/tally/customer. */
export const summaryResponse = z.discriminatedUnion("signedIn", [signedInSummary, signedOutSummary]);

export const REDEMPTION_STATUSES = ["issued", "used", "released", "returned", "credited"] as const;

/** POST /api/shopper/redeem, 200. `credited`: a store-credit reward, added to the shopper's store credit; no code to apply. */
export const redeemResponse = z.object({ code: text, points: integer, expiresAt: text, status: z.enum(REDEMPTION_STATUSES), reward: shopperReward });

export const REFERRAL_REFUSALS = ["not_found", "own_code", "not_new_customer"] as const;

export const referralAccepted = z.object({
  valid: z.literal(true),
  referralCode: text,
  discountCode: z.nullable(text),
  friendDiscount: z.object({ percent: integer, message: text }),
  attribute: z.object({ key: text, value: text }),
});

export const referralRefused = z.object({ valid: z.literal(false), reason: z.enum(REFERRAL_REFUSALS), message: text });

/** POST /api/shopper/referral-check, 200. */
export const referralCheckResponse = z.discriminatedUnion("valid", [referralAccepted, referralRefused]);

export const ORDER_POINTS_STATUSES = ["pending", "posted", "processing", "none"] as const;

/** GET /api/shopper/order. */
export const orderPointsResponse = z.object({ points: integer, status: z.enum(ORDER_POINTS_STATUSES) });

/**
 * GET /api/shopper/order-status: one of the signed-in shopper's orders, on its order-status page. `postsAt` is when
 * pending points become spendable (null unless pending); `affordable` lists the rewards the available points cover;
 * `redeemAt` is the program's, so the block says where they can be spent without asking for the summary too.
 */
export const orderStatusResponse = z.object({
  order: z.object({ points: integer, status: z.enum(ORDER_POINTS_STATUSES), postsAt: z.nullable(text) }),
  available: integer,
  affordable: z.array(shopperReward),
  redeemAt: z.array(z.enum(REDEEM_PLACES)),
});

/**
 * POST /api/shopper/estimate; `points` is null when the checkout's currency is not the shop's, and 0 while the
 * shopper is not "in" (`standing`, said in `standingText`: excluded by the merchant, or the program paused).
 */
export const estimateResponse = z.object({ points: z.nullable(integer), standing: z.enum(STANDINGS), standingText: z.nullable(text) });

export type ShopperErrorCode = (typeof SHOPPER_ERROR_CODES)[number];
export type ReferralRefusal = (typeof REFERRAL_REFUSALS)[number];
export type ShopperReward = z.output<typeof shopperReward>;
export type ProgramExplainer = z.output<typeof programExplainer>;
export type SignedInSummary = z.output<typeof signedInSummary>;
export type SignedOutSummary = z.output<typeof signedOutSummary>;
export type SummaryResponse = z.output<typeof summaryResponse>;
export type RedeemResponse = z.output<typeof redeemResponse>;
export type ReferralCheckResponse = z.output<typeof referralCheckResponse>;
export type OrderPointsResponse = z.output<typeof orderPointsResponse>;
export type EstimateResponse = z.output<typeof estimateResponse>;
export type OrderStatusResponse = z.output<typeof orderStatusResponse>;
export type ShopperErrorResponse = z.output<typeof shopperErrorResponse>;

/** POST /api/shopper/birthday and POST /apps/tally/birthday, 200: the birthday as saved, and a sentence saying so. */
export const birthdayResponse = z.object({ birthday: memberBirthday, message: text });
export type BirthdayResponse = z.output<typeof birthdayResponse>;
/** POST /api/shopper/social and POST /apps/tally/social, 200: the points this click earned (0 when credited before). */
export const socialFollowResponse = z.object({ network: text, url: text, points: integer, alreadyCredited: z.boolean(), message: text });
export type SocialFollowResponse = z.output<typeof socialFollowResponse>;

export const INVITE_REFUSALS = ["too_many", "own_email", "switched_off"] as const;
export type InviteRefusal = (typeof INVITE_REFUSALS)[number];

/** The invitation is queued (sent: true), or refused with a reason the shopper can act on. */
export const inviteResponse = z.discriminatedUnion("sent", [
  z.object({ sent: z.literal(true), message: text }),
  z.object({ sent: z.literal(false), reason: z.enum(INVITE_REFUSALS), message: text }),
]);
export type InviteResponse = z.output<typeof inviteResponse>;
