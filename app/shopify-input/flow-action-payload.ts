// What Shopify Flow sends when a workflow runs Tally's "Adjust points" action
// (extensions/tally-flow-adjust-points/shopify.extension.toml): the shop, the action run's id (the same on Flow's
// retries) and the properties the merchant set, keyed as the extension's fields: `customer_id` for the customer
// reference, `points` and `reason`. https://shopify.dev/docs/apps/build/flow/actions/endpoints#flow-action-execution
import { z } from "zod";
import { shopDomainSchema } from "./shop-domain";

export const ADJUST_POINTS_ACTION = "tally-adjust-points";

/** The largest adjustment either way, as on the admin's form: a workflow's typo should not mint a fortune. */
export const MAX_FLOW_ADJUSTMENT_POINTS = 1_000_000;
const MAX_REASON_LENGTH = 200;

const CUSTOMER_PROBLEM = "properties.customer_id is the customer's Shopify id: digits, or gid://shopify/Customer/<digits>";

/** Flow sends the customer reference as an id; accepted as a number, a string of digits or a customer gid. */
const customerId = z
  .union([z.string(), z.number()], { error: CUSTOMER_PROBLEM })
  .transform((id) => String(id).replace(/^gid:\/\/shopify\/Customer\//, ""))
  .refine((id) => /^\d{1,20}$/.test(id), CUSTOMER_PROBLEM);

const POINTS_PROBLEM = `properties.points is a whole number of points other than 0, at most ${MAX_FLOW_ADJUSTMENT_POINTS} either way`;

const points = z
  .union([z.number(), z.string().trim().regex(/^[+-]?\d{1,10}$/, POINTS_PROBLEM).transform(Number)], { error: POINTS_PROBLEM })
  .refine((value) => Number.isInteger(value) && value !== 0 && Math.abs(value) <= MAX_FLOW_ADJUSTMENT_POINTS, POINTS_PROBLEM);

export const adjustPointsActionPayload = z.object({
  shopify_domain: shopDomainSchema,
  action_run_id: z.string({ error: "action_run_id is required: Flow names each run of an action" }).min(1).max(255),
  handle: z.literal(ADJUST_POINTS_ACTION, { error: `handle must be ${ADJUST_POINTS_ACTION}: this address runs Tally's "Adjust points" action only` }).optional(),
  properties: z.object(
    {
      customer_id: customerId,
      points,
      reason: z
        .string({ error: "properties.reason is required: it is shown in the member's history" })
        .trim()
        .min(1, { error: "properties.reason is required: it is shown in the member's history" })
        .max(MAX_REASON_LENGTH, { error: `properties.reason has at most ${MAX_REASON_LENGTH} characters` }),
    },
    { error: "properties is required: the customer, the points and the reason" },
  ),
});

export type AdjustPointsAction = z.infer<typeof adjustPointsActionPayload>;
