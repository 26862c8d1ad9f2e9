// How a redemption is answered on every shopper surface: the extensions' POST /api/shopper/redeem and the storefront
// widget's POST /apps/tally/redeem (app proxy) call the same command (app/loyalty/redemption/redeem-reward.server.ts)
// and answer its outcome here, so the same request gets the same status, code and words wherever it came from.
import { redeemRequest, redeemResponse, REDEMPTION_STATUSES } from "../../contract/shopper-api";
import { db } from "~/db/db.server";
import { redeemReward } from "~/loyalty/redemption/redeem-reward.server";
import { describeReward } from "./program-explainer";
import { shopperAdmin } from "./shopper-admin.server";
import type { ShopperContext } from "./shopper-auth.server";
import { parseBody, shopperError, shopperJson } from "./shopper-responses.server";

/** Parses the body, redeems for the authenticated customer (never the body's) and answers the outcome. */
export async function redeemForShopper(context: ShopperContext, request: Request): Promise<Response> {
  const { strings } = context;
  if (!context.customerId) return shopperError(context, 403, "signed_out", strings.error("signed_out"));
  const body = await parseBody(context, request, redeemRequest);
  if (!body.ok) return body.response;
  const result = await redeemReward(db(), shopperAdmin, { shop: context.shop, customerId: context.customerId, ...body.data, now: new Date() });
  if (result.ok) {
    const { code, points, expiresAt, reward } = result.redemption;
    // redeemReward answers only for a code that exists: issuing and failed ones come back as errors.
    const status = REDEMPTION_STATUSES.find((known) => known === result.redemption.status);
    if (!status) throw new Error(`redemption ${code} answered with status ${result.redemption.status}`);
    return shopperJson(context, redeemResponse, { code, points, expiresAt: expiresAt.toISOString(), status, reward: describeReward(reward, strings, context.shop.rules.tiers) });
  }
  switch (result.error) {
    case "insufficient_points":
      return shopperError(context, 422, "insufficient_points", strings.insufficient(result.needed, result.available), { needed: result.needed, available: result.available });
    case "unknown_reward":
      return shopperError(context, 404, "unknown_reward", strings.error("unknown_reward"));
    case "reward_unavailable":
      return shopperError(context, 409, "reward_unavailable", strings.error("reward_unavailable"));
    case "not_in_program":
      return shopperError(context, 403, "not_in_program", strings.error("not_in_program"));
    case "program_paused":
      return shopperError(context, 409, "program_paused", strings.error("program_paused"));
    case "tier_only":
      return shopperError(context, 403, "tier_only", strings.tierOnly(result.tierNames));
    case "request_conflict":
      return shopperError(context, 409, "request_conflict", strings.error("request_conflict"));
    case "redemption_in_progress":
      return shopperError(context, 409, "redemption_in_progress", strings.error("redemption_in_progress"));
    case "redemption_failed":
      return shopperError(context, 502, "redemption_failed", strings.error("redemption_failed"));
  }
}
