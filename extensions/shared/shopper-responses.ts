// What the extensions read from Tally's /api/shopper answers, checked against the shopper contract
// (contract/shopper-api.ts) before use. Each field is read with the contract's own schema; what the reading adds
// is tolerance: a list item that does not fit is left out, an optional part that does not fit reads as absent,
// and a malformed answer as a whole becomes null (the surfaces then apologise) rather than a crash in checkout.
import * as z from "zod/mini";
import * as contract from "../../contract/shopper-api";

/** The items of a list that fit `item`; a missing or malformed list reads as empty. */
function usable<Item extends z.ZodMiniType>(item: Item) {
  return z.pipe(
    z.catch(z.array(z.unknown()), []),
    z.transform((items) =>
      items.flatMap((value): z.output<Item>[] => {
        const read = item.safeParse(value);
        return read.success ? [read.data] : [];
      }),
    ),
  );
}

const orNull = <Schema extends z.ZodMiniType>(schema: Schema) => z.catch(z.nullable(schema), null);
const orZero = (schema: typeof contract.referral.shape.made) => z.catch(schema, 0);

const reward = z.object({
  id: contract.rewardFields.id,
  title: contract.rewardFields.title,
  points: contract.rewardFields.points,
  affordable: z.catch(z.boolean(), false),
});

const { shape: progress } = contract.tierProgress;
const tierProgress = z.object({
  nextTierName: progress.nextTierName,
  /** 0–100: how far the member is towards it. */
  percent: z.pipe(progress.percent, z.transform((percent) => Math.min(100, Math.max(0, percent)))),
  /** What is left to spend, already formatted in the shop's currency, when the backend gives it. */
  remaining: orNull(progress.remaining),
});

const { shape: balance } = contract.balance;
const readBalance = z.pipe(
  z.object({ available: balance.available, pending: balance.pending, owed: orZero(balance.owed) }),
  // `owed`: points the shopper owes after a refund took back points already spent (ADR 021); absent when none.
  z.transform(({ owed, ...rest }): { available: number; pending: number; owed?: number } => (owed > 0 ? { ...rest, owed } : rest)),
);

const { shape: referralFields } = contract.referral;
const referral = z.object({
  code: referralFields.code,
  url: referralFields.url,
  /** What a friend gets and what the member earns, when the program says. */
  friendDiscountPercent: orNull(referralFields.friendDiscountPercent),
  advocatePoints: orNull(referralFields.advocatePoints),
  /** Friends' orders that carried the code: all of them, those rewarded, those still in the pending window. */
  made: orZero(referralFields.made),
  rewarded: orZero(referralFields.rewarded),
  pending: orZero(referralFields.pending),
});

const { shape: code } = contract.unusedCode;
/** A reward code bought and neither used nor lapsed. */
const unusedCode = z.pipe(
  z.object({ code: code.code, points: code.points, expiresAt: code.expiresAt, title: orNull(z.string()) }),
  z.transform((read) => ({ ...read, title: read.title ?? read.code })),
);

const { shape: entry } = contract.historyEntry;
const historyEntry = z.object({ id: entry.id, code: entry.code, points: entry.points, status: z.catch(entry.status, "posted"), createdAt: entry.createdAt });

const signedInSummary = z.object({
  signedIn: contract.signedInSummary.shape.signedIn,
  balance: readBalance,
  tier: orNull(z.object({ name: contract.tier.shape.name, progress: orNull(tierProgress) })),
  referral,
  rewards: usable(reward),
  codes: usable(unusedCode),
  history: usable(historyEntry),
});

const summary = z.union([signedInSummary, z.object({ signedIn: contract.signedOutSummary.shape.signedIn })]);

const { shape: redeemed } = contract.redeemResponse;
const redemption = z.object({
  code: redeemed.code,
  points: redeemed.points,
  expiresAt: redeemed.expiresAt,
  /** "issued" for a new code; a retried request id answers what became of its code ("used", "released"). */
  status: z.catch(redeemed.status, "issued"),
  reward: z.catch(z.object({ title: contract.rewardFields.title }), { title: "" }),
});

const { referralAccepted: accepted, referralRefused: refused } = contract;
const referralCheck = z.union([
  z.pipe(
    z.object({
      valid: accepted.shape.valid,
      /** The friend's discount to apply; null when the program gives friends none. */
      discountCode: accepted.shape.discountCode,
      friendDiscount: orNull(z.object({ percent: accepted.shape.friendDiscount.shape.percent })),
      /** The cart attribute that carries the referral to the order. */
      attribute: accepted.shape.attribute,
    }),
    z.transform(({ friendDiscount, ...rest }) => ({ ...rest, friendDiscountPercent: friendDiscount?.percent ?? null })),
  ),
  z.object({ valid: refused.shape.valid, reason: z.catch(refused.shape.reason, "not_found") }),
]);

export type Reward = z.output<typeof reward>;
export type TierProgress = z.output<typeof tierProgress>;
export type HistoryEntry = z.output<typeof historyEntry>;
export type Referral = z.output<typeof referral>;
export type UnusedCode = z.output<typeof unusedCode>;
export type SignedInSummary = z.output<typeof signedInSummary>;
export type Summary = z.output<typeof summary>;
export type Redemption = z.output<typeof redemption>;
export type ReferralCheck = z.output<typeof referralCheck>;
/** "processing": Tally has not seen the order's payment yet (the thank-you page usually comes first). */
export type OrderPoints = contract.OrderPointsResponse;

function reader<Schema extends z.ZodMiniType>(schema: Schema): (json: unknown) => z.output<Schema> | null {
  return (json) => {
    const read = schema.safeParse(json);
    return read.success ? read.data : null;
  };
}

export const parseSummary = reader(summary);
export const parseRedemption = reader(redemption);
export const parseReferralCheck = reader(referralCheck);
export const parseOrderPoints = reader(contract.orderPointsResponse);
/** `points` is null when the checkout's currency is not the shop's: the order's points are known once it is paid. */
export const parseEstimate = reader(contract.estimateResponse);
