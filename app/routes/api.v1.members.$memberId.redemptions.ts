// POST /api/v1/members/:memberId/redemptions { rewardId } — spend a member's points on a reward: the same
// redemption command as the checkout's, idempotent by the Idempotency-Key header (docs/public-api.md).
import { redeemReward } from "~/loyalty/redemption/redeem-reward.server";
import { ENDPOINTS } from "~/public-api/api-endpoints";
import { publicReward } from "~/public-api/public-reward";
import { memberOfShop } from "~/public-api/api-reads.server";
import { MEMBER_NOT_FOUND } from "~/public-api/api-responses";
import { publicApiAdmin } from "~/public-api/public-api-admin.server";
import { apiRoute, publicApiRoute } from "~/public-api/public-api-route.server";

const ANSWERED_STATUSES = ["issued", "used", "released", "returned", "credited"] as const;

const redeem = apiRoute(ENDPOINTS.createRedemption, async ({ db, shop, memberId, body, idempotencyKey }) => {
  const member = await memberOfShop(db.read, shop.domain, memberId);
  if (!member) return MEMBER_NOT_FOUND;
  const result = await redeemReward(db, publicApiAdmin, { shop, customerId: member.customerId, rewardId: body.rewardId, requestId: `api:${idempotencyKey}`, now: new Date() });
  if (result.ok) {
    const { code, points, expiresAt, reward } = result.redemption;
    // redeemReward answers only for a code that exists: issuing and failed ones come back as errors.
    const status = ANSWERED_STATUSES.find((known) => known === result.redemption.status);
    if (!status) throw new Error(`redemption ${code} answered with status ${result.redemption.status}`);
    return { ok: true, body: { redemption: { code, points, status, expiresAt: expiresAt.toISOString(), reward: publicReward(reward) } } };
  }
  switch (result.error) {
    case "insufficient_points":
      return { ok: false, status: 422, code: "insufficient_points", message: `This reward needs ${result.needed} points and the member has ${result.available} available.` };
    case "unknown_reward":
      return { ok: false, status: 422, code: "unknown_reward", message: `The shop's program has no reward "${body.rewardId}". GET /api/v1/rewards lists the rewards.` };
    case "reward_unavailable":
      return { ok: false, status: 422, code: "reward_unavailable", message: `The product of reward "${body.rewardId}" no longer exists in the shop. No points were held.` };
    case "tier_only":
      return { ok: false, status: 403, code: "tier_only", message: `Reward "${body.rewardId}" is for members of ${result.tierNames.join(" or ")} only, and this member's tier is another.` };
    case "request_conflict":
      return { ok: false, status: 409, code: "idempotency_key_reused", message: `Idempotency-Key "${idempotencyKey}" was already used for a different reward. Use a new key for a new request.` };
    case "redemption_in_progress":
      return { ok: false, status: 409, code: "redemption_in_progress", message: "The same request is still creating its code. Retry with the same Idempotency-Key in a few seconds." };
    case "redemption_failed":
      return { ok: false, status: 502, code: "redemption_failed", message: "Shopify did not create the code, so no points were spent. Try again with a new Idempotency-Key in a few minutes." };
    case "not_in_program":
      return { ok: false, status: 422, code: "not_in_program", message: "The member is excluded from the program (by staff or by a customer tag the program excludes), so they cannot redeem. Their points are kept." };
    case "program_paused":
      return { ok: false, status: 422, code: "program_paused", message: "The shop's program is paused: no one can redeem until the merchant resumes it. Nothing was held." };
  }
});

export const loader = publicApiRoute(redeem);
export const action = loader;
