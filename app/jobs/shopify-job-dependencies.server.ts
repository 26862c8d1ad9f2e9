// What the job runner needs from Shopify in production: each shop's Admin API client, from its offline session
// through the SDK (shopify.server.ts). Tests and the demo reach the same code through the local Admin API stand-in.
import { env } from "~/env.server";
import { unauthenticated } from "~/shopify.server";
import { deactivateDiscount } from "./deactivate-discount.server";
import type { JobDependencies } from "./job-runner.server";
import { emailSending } from "./email-sending.server";

export const shopifyJobDependencies: JobDependencies = {
  deactivateDiscount,
  adminFor: async (shop) => (await unauthenticated.admin(shop)).admin,
  // Endpoint secrets derive from the app's secret (docs/outgoing-webhooks.md).
  webhookSending: { signingKey: env().shopifyApiSecret, policy: { allowLoopback: env().webhooksAllowLoopback } },
  // Member emails: sent over the merchant's SMTP server, or kept on the Emails page in the demo (docs/emails.md).
  emailSending: emailSending(),
  metafieldsAdminFor: async (shop) => (await unauthenticated.admin(shop)).admin,
};

