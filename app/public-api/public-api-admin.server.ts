// The Admin API client a redemption through the public API creates its code with: the shop's offline session, as
// the shopper endpoints do (app/shopper/shopper-admin.server.ts).
import { unauthenticated } from "~/shopify.server";
import type { AdminFor } from "~/loyalty/redemption/reward-discounts.server";

export const publicApiAdmin: AdminFor = async (shop) => (await unauthenticated.admin(shop)).admin;
