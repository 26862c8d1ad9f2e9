// customers/create and customers/update deliver the customer.
import { z } from "zod";
import { address, dateTime, shopifyId } from "./shopify-fields";

export const customerPayload = z.object({
  id: shopifyId,
  email: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  // The customer's language ("fr", "fr-CA"), which member emails are written in (app/loyalty/emails/).
  locale: z.string().max(35).nullish(),
  state: z.enum(["disabled", "invited", "enabled", "declined"]).default("disabled"),
  default_address: address,
  // The customer's email marketing consent: "subscribed" is a newsletter sign-up (app/loyalty/actions/). Absent
  // or null for a customer without an email; states Shopify may add later read as not subscribed.
  email_marketing_consent: z
    .object({ state: z.string().max(40).nullish(), opt_in_level: z.string().max(40).nullish(), consent_updated_at: z.string().nullish() })
    .nullish(),
  // One comma-separated string ("VIP, wholesale"); the program can exclude customers by tag (app/loyalty/exclusion/).
  tags: z.string().nullish(),
  // Orders tags by time, so an older delivery arriving late does not bring back a tag since removed.
  updated_at: dateTime.nullish(),
});

export type CustomerPayload = z.infer<typeof customerPayload>;
