// The friend discount behind each referral code: one Shopify code discount per advocate whose code *is* the
// referral code, created the first time a friend uses it (docs/decisions/012-friend-discount-codes.md). An order
// carrying the code in its discount_codes is attributed to the advocate by the orders/paid path as it stands.
import type { TallyDatabase } from "~/db/database.server";
import { recordReferralDiscount, setReferralDiscountPercent } from "~/loyalty/members/member-store.server";
import type { ShopRecord } from "~/loyalty/program/shop-store.server";
import { FRIEND_DISCOUNT_TITLE_PREFIX, friendDiscountInput, friendDiscountValue } from "~/loyalty/redemption/discount-inputs";
import { createDiscount, DiscountCreationError, findDiscountByCode, updateBasicDiscount, type AdminFor } from "~/loyalty/redemption/reward-discounts.server";
import { log } from "~/operations/logger.server";

export interface Advocate {
  id: string;
  referralCode: string;
  referralDiscountId: string | null;
  referralDiscountPercent: number | null;
}

/** The fields of a member that ensureFriendDiscount reads. */
export const ADVOCATE_FIELDS = { id: true, referralCode: true, referralDiscountId: true, referralDiscountPercent: true, redactedAt: true } as const;

/**
 * The merchant changed the friend's percentage since the discount was made: change it in Shopify too. A failure
 * leaves the old percentage for now (the next friend tries again) rather than turning the friend away.
 */
async function alignPercent(db: TallyDatabase, adminFor: AdminFor, shop: ShopRecord, advocate: Advocate & { referralDiscountId: string }, percent: number): Promise<void> {
  try {
    await updateBasicDiscount(adminFor, shop.domain, advocate.referralDiscountId, friendDiscountValue(percent));
    await setReferralDiscountPercent(db, advocate.id, percent);
  } catch (error) {
    if (!(error instanceof DiscountCreationError)) throw error;
    log().warn({ shop: shop.domain, member: advocate.id, percent: advocate.referralDiscountPercent, err: error }, "a friend discount keeps its old percentage: Shopify refused the change");
  }
}

/**
 * The code a friend applies for the advocate's discount, created in Shopify when it is missing; null when the
 * program gives friends no discount (the referral still counts through the cart attribute). Throws
 * DiscountCreationError when Shopify cannot create it.
 */
export async function ensureFriendDiscount(db: TallyDatabase, adminFor: AdminFor, shop: ShopRecord, advocate: Advocate, now: Date): Promise<string | null> {
  const percent = shop.rules.referral.friendDiscountPercent;
  if (percent <= 0) return null;
  if (advocate.referralDiscountId) {
    if (advocate.referralDiscountPercent !== percent) await alignPercent(db, adminFor, shop, { ...advocate, referralDiscountId: advocate.referralDiscountId }, percent);
    return advocate.referralCode;
  }
  const code = advocate.referralCode;
  let discountId: string;
  try {
    discountId = await createDiscount(adminFor, shop.domain, code, { mutation: "basic", input: friendDiscountInput(code, percent, now) });
  } catch (error) {
    // Taken: a request before this one created it and did not live to record it, or two friends arrived at once.
    // Adopt it only if it is Tally's; a merchant's own code of the same name is not ours to hand out.
    if (!(error instanceof DiscountCreationError) || !error.codes.includes("TAKEN")) throw error;
    const existing = await findDiscountByCode(adminFor, shop.domain, code);
    if (!existing?.title?.startsWith(FRIEND_DISCOUNT_TITLE_PREFIX)) throw error;
    discountId = existing.id;
    await updateBasicDiscount(adminFor, shop.domain, discountId, friendDiscountValue(percent));
  }
  await recordReferralDiscount(db, advocate.id, discountId, percent);
  return code;
}
