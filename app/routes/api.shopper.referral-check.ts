// POST /api/shopper/referral-check { code } — may this shopper use this referral code, and which discount code
// applies it (docs/shopper-api.md). Signed-out shoppers may ask; the new-customer check needs a signed-in one.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { referralCheckRequest, referralCheckResponse } from "../../contract/shopper-api";
import { db } from "~/db/db.server";
import { checkReferralCode } from "~/loyalty/referrals/referral-check.server";
import { DiscountCreationError } from "~/loyalty/redemption/reward-discounts.server";
import { shopperAdmin } from "~/shopper/shopper-admin.server";
import { authenticateExtension } from "~/shopper/shopper-auth.server";
import { methodNotAllowed, parseBody, shopperError, shopperJson } from "~/shopper/shopper-responses.server";
import { log } from "~/operations/logger.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(await authenticateExtension(request, "checkout"), "POST");
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await authenticateExtension(request, "checkout");
  if (request.method !== "POST") return methodNotAllowed(context, "POST");
  const body = await parseBody(context, request, referralCheckRequest);
  if (!body.ok) return body.response;
  const { strings } = context;
  try {
    const check = await checkReferralCode(db(), shopperAdmin, { shop: context.shop, customerId: context.customerId, code: body.data.code, now: new Date() });
    if (!check.valid) return shopperJson(context, referralCheckResponse, { valid: false, reason: check.reason, message: strings.referralRefused(check.reason) });
    return shopperJson(context, referralCheckResponse, {
      valid: true,
      referralCode: check.referralCode,
      discountCode: check.discountCode,
      friendDiscount: { percent: check.percent, message: strings.referralValid(check.percent) },
      attribute: check.attribute,
    });
  } catch (error) {
    if (!(error instanceof DiscountCreationError)) throw error;
    log().warn({ shop: context.shop.domain, err: error }, "a friend discount is unavailable: Shopify refused to create it");
    return shopperError(context, 503, "discount_unavailable", strings.error("discount_unavailable"));
  }
}
