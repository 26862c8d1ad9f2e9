// The mandatory compliance webhooks' payloads, as Shopify documents them
// (https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance). Ids arrive as JSON numbers.
import { z } from "zod";

const id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);

const customer = z.object({
  id,
  email: z.string().nullish(),
  phone: z.string().nullish(),
});

export const customersDataRequestPayload = z.object({
  shop_id: id,
  shop_domain: z.string().min(1),
  orders_requested: z.array(id).default([]),
  customer,
  data_request: z.object({ id }),
});

export const customersRedactPayload = z.object({
  shop_id: id,
  shop_domain: z.string().min(1),
  customer,
  orders_to_redact: z.array(id).default([]),
});

export const shopRedactPayload = z.object({
  shop_id: id,
  shop_domain: z.string().min(1),
});

export type CustomersDataRequest = z.infer<typeof customersDataRequestPayload>;
export type CustomersRedact = z.infer<typeof customersRedactPayload>;
export type ShopRedact = z.infer<typeof shopRedactPayload>;
