// The mandatory compliance webhooks' payloads, as Shopify documents them
// (https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance). Ids arrive as JSON numbers, kept exact
// by the Shopify JSON parser (strings of digits above 2^53).
import { z } from "zod";
import { shopDomainSchema } from "~/shopify-input/shop-domain";
import { shopifyId as id } from "~/shopify-input/shopify-fields";

const customer = z.object({
  id,
  email: z.string().nullish(),
  phone: z.string().nullish(),
});

export const customersDataRequestPayload = z.object({
  shop_id: id,
  shop_domain: shopDomainSchema,
  orders_requested: z.array(id).default([]),
  customer,
  data_request: z.object({ id }),
});

export const customersRedactPayload = z.object({
  shop_id: id,
  shop_domain: shopDomainSchema,
  customer,
  orders_to_redact: z.array(id).default([]),
});

export const shopRedactPayload = z.object({
  shop_id: id,
  shop_domain: shopDomainSchema,
});

export type CustomersDataRequest = z.infer<typeof customersDataRequestPayload>;
export type CustomersRedact = z.infer<typeof customersRedactPayload>;
export type ShopRedact = z.infer<typeof shopRedactPayload>;
