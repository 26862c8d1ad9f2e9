// POST /api/v1/members/:memberId/adjustments { points, reason } — adjust a member's points, idempotent by the
// Idempotency-Key header, through the same command as the admin's form (docs/public-api.md).
import { adjustMemberPoints } from "~/loyalty/adjustments/member-adjustment.server";
import { ENDPOINTS } from "~/public-api/api-endpoints";
import { memberOfShop, transferJson } from "~/public-api/api-reads.server";
import { MEMBER_NOT_FOUND } from "~/public-api/api-responses";
import { apiRoute, publicApiRoute } from "~/public-api/public-api-route.server";

const adjust = apiRoute(ENDPOINTS.createAdjustment, async ({ db, shop, memberId, body, actor, idempotencyKey }) => {
  if (!(await memberOfShop(db.read, shop.domain, memberId))) return MEMBER_NOT_FOUND;
  const result = await adjustMemberPoints(db, { shop: shop.domain, memberId, staff: actor, points: body.points, reason: body.reason, formKey: `api:${idempotencyKey}` });
  if (result.ok) return { ok: true, body: { transfer: transferJson(result.transfer) } };
  switch (result.error) {
    case "member_not_found":
      return MEMBER_NOT_FOUND;
    case "insufficient_points":
      return { ok: false, status: 422, code: "insufficient_points", message: `Taking away ${-body.points} points would leave less than zero: the member has ${result.available} available.` };
    case "idempotency_conflict":
      return { ok: false, status: 409, code: "idempotency_key_reused", message: `Idempotency-Key "${idempotencyKey}" was already used for a different adjustment. Use a new key for a new request.` };
  }
});

export const loader = publicApiRoute(adjust);
export const action = loader;
