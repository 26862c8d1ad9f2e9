// The Admin API client the shopper endpoints use to create codes: the shop's offline session, through the SDK
// (as the job runner does, app/jobs/shopify-job-dependencies.server.ts).
import { unauthenticated } from "~/shopify.server";
import type { AdminFor } from "~/loyalty/redemption/reward-discounts.server";

export const shopperAdmin: AdminFor = async (shop) => (await unauthenticated.admin(shop)).admin;
