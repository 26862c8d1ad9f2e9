// GET /api/v1/members — list the shop's members, or find one by email or Shopify customer id (docs/public-api.md).
import { ENDPOINTS } from "~/public-api/api-endpoints";
import { listMembers } from "~/public-api/api-reads.server";
import { decodeCursor } from "~/public-api/page-cursor";
import { apiRoute, publicApiRoute } from "~/public-api/public-api-route.server";

const list = apiRoute(ENDPOINTS.listMembers, async ({ db, shop, query }) => {
  const { cursor, ...rest } = query;
  return { ok: true, body: await listMembers(db.read, shop.domain, { ...rest, cursor: cursor ? decodeCursor(cursor) : null }) };
});

export const loader = publicApiRoute(list);
export const action = loader;
