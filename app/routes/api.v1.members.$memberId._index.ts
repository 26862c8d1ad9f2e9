// GET /api/v1/members/:memberId — one member with their balances (docs/public-api.md).
import { ENDPOINTS } from "~/public-api/api-endpoints";
import { readMember } from "~/public-api/api-reads.server";
import { apiRoute, publicApiRoute } from "~/public-api/public-api-route.server";
import { MEMBER_NOT_FOUND } from "~/public-api/api-responses";

const read = apiRoute(ENDPOINTS.getMember, async ({ db, shop, memberId }) => {
  const member = await readMember(db.read, shop.domain, memberId);
  return member ? { ok: true, body: { member } } : MEMBER_NOT_FOUND;
});

export const loader = publicApiRoute(read);
export const action = loader;
