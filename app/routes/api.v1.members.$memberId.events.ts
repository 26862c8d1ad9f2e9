// POST /api/v1/members/:memberId/events { event, points, note? } — points for a custom event another app or the
// merchant's developer reports, idempotent by the Idempotency-Key header (docs/public-api.md).
import { recordCustomEvent } from "~/loyalty/custom-events/record-custom-event.server";
import { ENDPOINTS } from "~/public-api/api-endpoints";
import { memberOfShop, transferJson } from "~/public-api/api-reads.server";
import { MEMBER_NOT_FOUND } from "~/public-api/api-responses";
import { apiRoute, publicApiRoute } from "~/public-api/public-api-route.server";

const earn = apiRoute(ENDPOINTS.createCustomEvent, async ({ db, shop, memberId, body, actor, idempotencyKey }) => {
  if (!(await memberOfShop(db.read, shop.domain, memberId))) return MEMBER_NOT_FOUND;
  const result = await recordCustomEvent(db, { shop: shop.domain, memberId, event: body.event, points: body.points, note: body.note || null, idempotencyKey, actor: actor.name });
  if (result.ok) return { ok: true, body: { transfer: transferJson(result.transfer) } };
  if (result.error === "member_not_found") return MEMBER_NOT_FOUND;
  return { ok: false, status: 409, code: "idempotency_key_reused", message: `Idempotency-Key "${idempotencyKey}" was already used for a different event. Use a new key for a new request.` };
});

export const loader = publicApiRoute(earn);
export const action = loader;
