// shop/update delivers the shop as the REST Admin API's Shop resource. Tally reads none of its settings from it:
// `plan_name` is a free-form string (Shopify lists no closed set of values) and the kind of customer accounts is not
// in it at all, so on this topic Tally asks the Admin API again (app/webhooks/shop-update.server.ts;
// docs/decisions/049-where-to-redeem-on-every-surface.md). What is checked at the door is which shop the body is
// about: the signature covers the body, not the X-Shopify-Shop-Domain header.
import { z } from "zod";
import { shopDomainSchema } from "./shop-domain";
import { shopifyId } from "./shopify-fields";

export const shopUpdatePayload = z.object({
  id: shopifyId,
  myshopify_domain: shopDomainSchema,
  // Logged when it changes plan; never trusted to decide where shoppers can redeem.
  plan_name: z.string().max(100).nullish(),
});

export type ShopUpdatePayload = z.infer<typeof shopUpdatePayload>;
