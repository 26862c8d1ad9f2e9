// Whether a shopper may use a referral code (POST /api/shopper/referral-check): the code exists, it is not the
// shopper's own, and the shopper is new to the shop (no paid order before). A valid code comes with the discount
// code to apply; the fraud checks at payment (app/loyalty/referrals/referral-store.server.ts) still decide
// whether the advocate is rewarded.
import type { TallyDatabase } from "~/db/database.server";
import type { ShopRecord } from "~/loyalty/program/shop-store.server";
import { canonicalReferralCode } from "~/loyalty/referrals/referral-codes";
import { normalizeEmail } from "~/loyalty/referrals/referral-identity";
import { REFERRAL_ATTRIBUTE } from "./order-referral-codes";
import { ADVOCATE_FIELDS, ensureFriendDiscount } from "~/loyalty/referrals/friend-discounts.server";
import type { AdminFor } from "~/loyalty/redemption/reward-discounts.server";

/** Why a shopper may not use a code; each surface words it in the shopper's language. */
export type ReferralRefusal = "not_found" | "own_code" | "not_new_customer";

export type ReferralCheck =
  | { valid: true; referralCode: string; discountCode: string | null; percent: number; attribute: { key: string; value: string } }
  | { valid: false; reason: ReferralRefusal };

const CODE_SHAPE = /^[A-Z0-9-]{3,40}$/;

export async function checkReferralCode(
  db: TallyDatabase,
  adminFor: AdminFor,
  request: { shop: ShopRecord; customerId: string | null; code: string; now: Date },
): Promise<ReferralCheck> {
  const { shop, customerId, now } = request;
  const code = canonicalReferralCode(request.code);
  if (!CODE_SHAPE.test(code)) return { valid: false, reason: "not_found" };
  const advocate = await db.prisma.member.findUnique({
    where: { shop_referralCode: { shop: shop.domain, referralCode: code } },
    select: { ...ADVOCATE_FIELDS, customerId: true, email: true },
  });
  if (!advocate?.referralCode || advocate.redactedAt) return { valid: false, reason: "not_found" };
  if (customerId !== null) {
    if (advocate.customerId === customerId) return { valid: false, reason: "own_code" };
    const shopper = await db.prisma.member.findUnique({ where: { shop_customerId: { shop: shop.domain, customerId } }, select: { email: true } });
    const shopperEmail = normalizeEmail(shopper?.email);
    if (shopperEmail !== null && shopperEmail === normalizeEmail(advocate.email)) return { valid: false, reason: "own_code" };
    const paidBefore = await db.prisma.loyaltyOrder.count({ where: { shop: shop.domain, customerId, paidAt: { not: null } } });
    if (paidBefore > 0) return { valid: false, reason: "not_new_customer" };
  }
  const discountCode = await ensureFriendDiscount(db, adminFor, shop, { ...advocate, referralCode: advocate.referralCode }, now);
  return {
    valid: true,
    referralCode: advocate.referralCode,
    discountCode,
    percent: shop.rules.referral.friendDiscountPercent,
    attribute: { key: REFERRAL_ATTRIBUTE, value: advocate.referralCode },
  };
}
