// What the job runner needs from Shopify in production: each shop's Admin API client, from its offline session
// through the SDK (shopify.server.ts). Tests and the demo reach the same code through the local Admin API stand-in.
import { unauthenticated } from "~/shopify.server";
import { deactivateDiscount } from "./deactivate-discount.server";
import type { JobDependencies } from "./job-runner.server";

export const shopifyJobDependencies: JobDependencies = {
  deactivateDiscount,
  adminFor: async (shop) => (await unauthenticated.admin(shop)).admin,
};
