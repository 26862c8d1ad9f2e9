// GET /apps/tally/r/<CODE> — a referral link (https://<shop>/apps/tally/r/<CODE>, through the app proxy). Sends the
// friend to the store with the friend discount applied by Shopify's shareable discount link
// (/discount/<code>?redirect=<path>) and the referral code in `tally_ref` on the landing page, which the storefront
// widget turns into the `_tally_referral` cart attribute. Relative locations keep the friend on the domain
// they came from (Shopify strips cookies from proxied responses, so nothing can be remembered here).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db/db.server";
import { canonicalReferralCode } from "~/loyalty/referrals/referral-codes";
import { ADVOCATE_FIELDS, ensureFriendDiscount } from "~/loyalty/referrals/friend-discounts.server";
import { DiscountCreationError } from "~/loyalty/redemption/reward-discounts.server";
import { shopperAdmin } from "~/shopper/shopper-admin.server";
import { authenticateProxy } from "~/shopper/shopper-auth.server";
import { log } from "~/operations/logger.server";

function redirectTo(location: string): Response {
  return new Response(null, { status: 302, headers: { Location: location, "Cache-Control": "no-store" } });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await authenticateProxy(request);
  const code = canonicalReferralCode(params.code ?? "");
  const advocate = /^[A-Z0-9-]{3,40}$/.test(code)
    ? await db().read.member.findUnique({
        where: { shop_referralCode: { shop: shop.domain, referralCode: code } },
        select: ADVOCATE_FIELDS,
      })
    : null;
  if (!advocate?.referralCode || advocate.redactedAt) return redirectTo("/");
  const landing = `/?tally_ref=${encodeURIComponent(advocate.referralCode)}`;
  let discountCode: string | null;
  try {
    discountCode = await ensureFriendDiscount(db(), shopperAdmin, shop, { ...advocate, referralCode: advocate.referralCode }, new Date());
  } catch (error) {
    if (!(error instanceof DiscountCreationError)) throw error;
    // The friend still arrives with the code remembered; the checkout extension can apply the discount later.
    log().warn({ shop: shop.domain, err: error }, "a friend discount is unavailable: Shopify refused to create it");
    discountCode = null;
  }
  if (!discountCode) return redirectTo(landing);
  return redirectTo(`/discount/${encodeURIComponent(discountCode)}?redirect=${encodeURIComponent(landing)}`);
}
