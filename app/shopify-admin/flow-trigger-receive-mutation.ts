// Starts the merchant's Shopify Flow workflows that begin with one of Tally's triggers
// (app/loyalty/flow/send-flow-triggers.server.ts). The payload's keys are the fields the trigger's extension
// declares; Shopify answers a payload that does not match them with userErrors.
// https://shopify.dev/docs/api/admin-graphql/latest/mutations/flowTriggerReceive
import { z } from "zod";

export const FLOW_TRIGGER_RECEIVE = `#graphql
  mutation TallyFlowTrigger($handle: String!, $payload: JSON!) {
    flowTriggerReceive(handle: $handle, payload: $payload) {
      userErrors { field message }
    }
  }
`;

export const flowTriggerReceiveData = z.object({
  flowTriggerReceive: z
    .object({
      userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string() })),
    })
    .nullable(),
});
