// customers/create and customers/update deliver the customer.
import { z } from "zod";
import { address, shopifyId } from "./shopify-fields";

export const customerPayload = z.object({
  id: shopifyId,
  email: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  // The customer's language ("fr", "fr-CA"), which member emails are written in (app/loyalty/emails/).
  locale: z.string().max(35).nullish(),
  state: z.enum(["disabled", "invited", "enabled", "declined"]).default("disabled"),
  default_address: address,
});

export type CustomerPayload = z.infer<typeof customerPayload>;
