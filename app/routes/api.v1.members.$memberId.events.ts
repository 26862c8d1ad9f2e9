// POST /api/v1/members/:memberId/events { event, points?, note? } — points for a custom event another app or the
// merchant's developer reports, idempotent by the Idempotency-Key header; an event with a rule on the Program page
// earns the rule's points within its limit (docs/public-api.md).
import { recordCustomEvent } from "~/loyalty/custom-events/record-custom-event.server";
import { ENDPOINTS } from "~/public-api/api-endpoints";
import { memberOfShop, transferJson } from "~/public-api/api-reads.server";
import { MEMBER_NOT_FOUND } from "~/public-api/api-responses";
import { apiRoute, publicApiRoute } from "~/public-api/public-api-route.server";

const LIMIT_WORDS = { once: "once per member", day: "a day", week: "a week", month: "a month", year: "a year" } as const;

const earn = apiRoute(ENDPOINTS.createCustomEvent, async ({ db, shop, memberId, body, actor, idempotencyKey }) => {
  if (!(await memberOfShop(db.read, shop.domain, memberId))) return MEMBER_NOT_FOUND;
  const result = await recordCustomEvent(db, {
    shop: shop.domain,
    memberId,
    event: body.event,
    points: body.points ?? null,
    note: body.note || null,
    idempotencyKey,
    actor: actor.name,
    rules: shop.rules.actions.customEvents,
    standing: shop.rules,
    timeZone: shop.timeZone ?? null,
    now: new Date(),
  });
  if (result.ok) return { ok: true, body: { transfer: transferJson(result.transfer) } };
  switch (result.error) {
    case "member_not_found":
      return MEMBER_NOT_FOUND;
    case "points_required":
      return { ok: false, status: 422, code: "points_required", message: `"${body.event}" has no rule on the shop's Program page, so send the points it earns in "points" (1 to 100,000).` };
    case "limit_reached": {
      const { limit } = result.rule;
      const allowed = limit.kind === "once" ? LIMIT_WORDS.once : `${limit.times} time${limit.times === 1 ? "" : "s"} ${LIMIT_WORDS[limit.period]} (${shop.timeZone ?? "UTC"})`;
      return { ok: false, status: 422, code: "event_limit_reached", message: `This member has already earned for "${body.event}" as often as the shop's rule allows (${allowed}); nothing was recorded.` };
    }
    case "not_in_program":
      return { ok: false, status: 422, code: "not_in_program", message: "The member is excluded from the program (by staff or by a customer tag the program excludes), so the event earns nothing; nothing was recorded. Their points are kept." };
    case "program_paused":
      return { ok: false, status: 422, code: "program_paused", message: "The shop's program is paused: no one earns until the merchant resumes it, and an event reported during the pause never earns. Nothing was recorded." };
    case "idempotency_conflict":
      return { ok: false, status: 409, code: "idempotency_key_reused", message: `Idempotency-Key "${idempotencyKey}" was already used for a different event. Use a new key for a new request.` };
  }
});

export const loader = publicApiRoute(earn);
export const action = loader;
