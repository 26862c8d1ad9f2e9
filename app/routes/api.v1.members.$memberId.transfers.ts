// GET /api/v1/members/:memberId/transfers — the member's points history, newest first (docs/public-api.md).
import { ENDPOINTS } from "~/public-api/api-endpoints";
import { listTransfers, memberOfShop } from "~/public-api/api-reads.server";
import { MEMBER_NOT_FOUND } from "~/public-api/api-responses";
import { decodeCursor } from "~/public-api/page-cursor";
import { apiRoute, publicApiRoute } from "~/public-api/public-api-route.server";

const history = apiRoute(ENDPOINTS.listTransfers, async ({ db, shop, memberId, query }) => {
  if (!(await memberOfShop(db.read, shop.domain, memberId))) return MEMBER_NOT_FOUND;
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  return { ok: true, body: await listTransfers(db.read, shop.domain, memberId, { cursor, limit: query.limit }) };
});

export const loader = publicApiRoute(history);
export const action = loader;
