// GET /api/v1/rewards — the shop's reward catalogue, as the shopper surfaces list it (docs/public-api.md).
import { rewardCatalogue } from "~/loyalty/redemption/rewards";
import { ENDPOINTS } from "~/public-api/api-endpoints";
import { publicReward } from "~/public-api/public-reward";
import { apiRoute, publicApiRoute } from "~/public-api/public-api-route.server";

const catalogue = apiRoute(ENDPOINTS.listRewards, async ({ shop }) => ({ ok: true, body: { data: rewardCatalogue(shop.rules).map(publicReward) } }));

export const loader = publicApiRoute(catalogue);
export const action = loader;
