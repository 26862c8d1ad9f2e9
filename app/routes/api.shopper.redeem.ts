// POST /api/shopper/redeem { rewardId, requestId } — spend points on a reward, get a single-use code, or store
// credit added to the shopper's account (docs/shopper-api.md). The customer is the session token's, never the body's.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redeemRequest, redeemResponse, REDEMPTION_STATUSES } from "../../contract/shopper-api";
import { db } from "~/db/db.server";
import { describeReward } from "~/shopper/program-explainer";
import { redeemReward } from "~/loyalty/redemption/redeem-reward.server";
import { shopperAdmin } from "~/shopper/shopper-admin.server";
import { authenticateExtension } from "~/shopper/shopper-auth.server";
import { methodNotAllowed, parseBody, shopperError, shopperJson } from "~/shopper/shopper-responses.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(await authenticateExtension(request, "checkout"), "POST");
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await authenticateExtension(request, "checkout");
  if (request.method !== "POST") return methodNotAllowed(context, "POST");
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
    return shopperJson(context, redeemResponse, { code, points, expiresAt: expiresAt.toISOString(), status, reward: describeReward(reward, strings) });
  }
  switch (result.error) {
    case "insufficient_points":
      return shopperError(context, 422, "insufficient_points", strings.insufficient(result.needed, result.available), { needed: result.needed, available: result.available });
    case "unknown_reward":
      return shopperError(context, 404, "unknown_reward", strings.error("unknown_reward"));
    case "reward_unavailable":
      return shopperError(context, 409, "reward_unavailable", strings.error("reward_unavailable"));
    case "request_conflict":
      return shopperError(context, 409, "request_conflict", strings.error("request_conflict"));
    case "redemption_in_progress":
      return shopperError(context, 409, "redemption_in_progress", strings.error("redemption_in_progress"));
    case "redemption_failed":
      return shopperError(context, 502, "redemption_failed", strings.error("redemption_failed"));
    case "not_in_program":
      return shopperError(context, 403, "not_in_program", strings.error("not_in_program"));
    case "program_paused":
      return shopperError(context, 409, "program_paused", strings.error("program_paused"));
  }
}
