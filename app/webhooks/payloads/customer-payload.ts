// customers/create and customers/update deliver the customer.
import { z } from "zod";
import { shopifyId } from "./shopify-money";

export const customerPayload = z.object({
  id: shopifyId,
  email: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  state: z.enum(["disabled", "invited", "enabled", "declined"]).default("disabled"),
  default_address: z
    .object({
      address1: z.string().nullish(),
      address2: z.string().nullish(),
      city: z.string().nullish(),
      zip: z.string().nullish(),
      province_code: z.string().nullish(),
      country_code: z.string().nullish(),
    })
    .nullish(),
});

export type CustomerPayload = z.infer<typeof customerPayload>;
