// The public API's requests and answers, written once: the routes parse with them and answer through them, and
// the OpenAPI document (openapi.ts) is generated from them, so the document cannot say what the routes do not.
// Every schema a body uses is registered under the name the document gives it.
import { z } from "zod";
import { EVENT_NAME_PATTERN, MAX_EVENT_NOTE_LENGTH, MAX_EVENT_POINTS } from "~/loyalty/custom-events/custom-event";
import { TRANSFER_CODES } from "~/loyalty/ledger/transfer-codes";

/** The document's named schemas (components.schemas), in the order it lists them. */
export const apiSchemas = z.registry<{ id: string }>();

function named<T extends z.ZodType>(id: string, schema: T): T {
  apiSchemas.add(schema, { id });
  return schema;
}

export const ERROR_CODES = [
  "invalid_request",
  "missing_idempotency_key",
  "missing_api_key",
  "invalid_api_key",
  "revoked_api_key",
  "shop_not_installed",
  "insufficient_scope",
  "not_found",
  "member_not_found",
  "method_not_allowed",
  "idempotency_key_reused",
  "redemption_in_progress",
  "body_too_large",
  "insufficient_points",
  "unknown_reward",
  "reward_unavailable",
  "tier_only",
  "rate_limited",
  "internal_error",
  "redemption_failed",
  "event_limit_reached",
  "points_required",
  "not_in_program",
  "program_paused",
] as const;
export type ApiErrorCode = (typeof ERROR_CODES)[number];

export const errorResponse = named(
  "Error",
  z
    .object({
      error: z.object({
        code: z.enum(ERROR_CODES).describe("Machine-readable: what went wrong, stable across versions."),
        message: z.string().describe("What a person can do about it, in English."),
      }),
    })
    .describe("Every answer with a 4xx or 5xx status."),
);

const timestamp = z.string().describe("ISO 8601, UTC");

export const balancesSchema = named(
  "Balances",
  z
    .object({
      available: z.number().int().describe("What the member can spend now: posted points less those held for rewards. Negative while the member owes points."),
      posted: z.number().int().describe("The sum of the member's posted transfers."),
      pendingCredit: z.number().int().describe("Points earned but not yet posted (the purchase's pending window)."),
      pendingDebit: z.number().int().describe("Points held for reward codes not yet used or released."),
      lifetimeEarned: z.number().int().describe("Everything the member has earned, net of reversals; spending does not lower it."),
    })
    .describe("A member's points."),
);

export const memberSchema = named(
  "Member",
  z.object({
    id: z.string().describe("Tally's id of the member."),
    customerId: z.string().describe("The Shopify customer's id (the number in gid://shopify/Customer/<id>)."),
    email: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    tier: z.string().describe("The key of the member's tier in the shop's program."),
    referralCode: z.string().nullable(),
    createdAt: timestamp,
    balances: balancesSchema,
  }),
);

export const memberListSchema = named(
  "MemberList",
  z.object({
    data: z.array(memberSchema),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page."),
  }),
);

export const memberEnvelope = named("MemberResponse", z.object({ member: memberSchema }));

export const transferSchema = named(
  "Transfer",
  z.object({
    id: z.string(),
    code: z.enum(TRANSFER_CODES).describe("Why the points moved."),
    points: z.number().int().describe("Signed: credits positive, debits negative."),
    status: z.enum(["pending", "posted", "voided"]),
    memo: z.string().nullable().describe("The adjustment's reason, the custom event's name and note, the reward redeemed…"),
    orderId: z.string().nullable(),
    createdAt: timestamp,
  }),
);

export const transferListSchema = named(
  "TransferList",
  z.object({
    data: z.array(transferSchema).describe("Newest first."),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next (older) page; null on the last page."),
  }),
);

export const transferEnvelope = named("TransferResponse", z.object({ transfer: transferSchema }));

const rewardBase = { id: z.string().describe("Pass as `rewardId` to redeem it."), points: z.number().int(), minimumOrderMinor: z.number().int().describe("Least order subtotal the code applies to, in minor units of the shop's currency."),
  tierKeys: z.array(z.string()).optional().describe("A tier-only reward: the keys of the tiers whose members may redeem it (`tier` of a member). Absent: every member may."),
};
export const rewardSchema = named(
  "Reward",
  z.discriminatedUnion("kind", [
    z.object({ ...rewardBase, kind: z.literal("amount_off"), amountMinor: z.number().int().describe("Amount off, in minor units of the shop's currency.") }),
    z.object({ ...rewardBase, kind: z.literal("percentage_off"), percent: z.number().int() }),
    z.object({ ...rewardBase, kind: z.literal("free_shipping") }),
    z.object({ ...rewardBase, kind: z.literal("free_product"), productTitle: z.string().describe("The product (and variant) one unit of which the code makes free.") }),
    z.object({ ...rewardBase, kind: z.literal("store_credit"), amountMinor: z.number().int().describe("Store credit added to the customer's account, in minor units of the shop's currency.") }),
  ]),
);

export const rewardListSchema = named("RewardList", z.object({ data: z.array(rewardSchema) }));

export const redemptionSchema = named(
  "Redemption",
  z.object({
    code: z.string().describe("The single-use discount code, valid for this customer only."),
    points: z.number().int(),
    status: z.enum(["issued", "used", "released", "returned", "credited"]).describe("`returned`: the order that used it was cancelled or refunded in full, and the points came back. `credited`: a store-credit reward, added to the customer's store credit; `code` is then its reference, not a discount code."),
    expiresAt: timestamp,
    reward: rewardSchema,
  }),
);

export const redemptionEnvelope = named("RedemptionResponse", z.object({ redemption: redemptionSchema }));

// Requests. Query strings are strings; numbers in them are coerced.
const limit = z.coerce.number().int().min(1).max(100).default(50).describe("How many to return, 1–100.");
const cursor = z.string().max(200).optional().describe("The `nextCursor` of the previous page.");

export const memberListQuery = z.strictObject({
  email: z.string().trim().max(254).optional().describe("Only the member with this email (exact, case-insensitive for ASCII)."),
  customerId: z.string().regex(/^\d{1,20}$/, "customerId is the Shopify customer's numeric id").optional().describe("Only the member of this Shopify customer."),
  cursor,
  limit,
});

export const transferListQuery = z.strictObject({ cursor, limit });

export const memberIdParam = z.string().min(1).max(64).describe("The member's `id`.");

export const adjustmentRequest = named(
  "AdjustmentRequest",
  z.strictObject({
    points: z
      .number()
      .int()
      .min(-1_000_000)
      .max(1_000_000)
      .refine((points) => points !== 0, "points must not be 0")
      .describe("Points to add (positive) or take away (negative); taking away more than is available is refused."),
    reason: z.string().trim().min(1, "reason is required").max(500).describe("Why: shown to staff in the member's history and the audit log."),
  }),
);

export const customEventRequest = named(
  "CustomEventRequest",
  z.strictObject({
    event: z.string().regex(EVENT_NAME_PATTERN, "event is lower-case letters, digits, _ . and -, at most 64 characters, e.g. review_posted").describe("What the member did, e.g. review_posted."),
    points: z
      .number()
      .int()
      .min(1)
      .max(MAX_EVENT_POINTS)
      .optional()
      .describe(`Points earned, 1–${MAX_EVENT_POINTS}: required for an event without a rule on the Program page; an event with a rule earns the rule's points.`),
    note: z.string().trim().max(MAX_EVENT_NOTE_LENGTH).optional().describe("Shown to staff beside the event's name."),
  }),
);

export const redemptionRequest = named(
  "RedemptionRequest",
  z.strictObject({ rewardId: z.string().min(1).max(64).describe("A reward's `id` from GET /api/v1/rewards.") }),
);

/** An Idempotency-Key: any printable ASCII without spaces, 1–100 characters (a UUID is a good one). */
export const idempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,100}$/, "Idempotency-Key is 1 to 100 printable ASCII characters without spaces (a UUID is a good one)");
