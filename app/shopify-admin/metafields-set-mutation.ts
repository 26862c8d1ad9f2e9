// Writes members' customer metafields, at most 25 per call, all or none (app/loyalty/metafields/sync-metafields.server.ts).
import { z } from "zod";

export const METAFIELDS_SET = `#graphql
  mutation TallySetCustomerMetafields($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { key namespace }
      userErrors { field message code elementIndex }
    }
  }
`;

export const metafieldsSetData = z.object({
  metafieldsSet: z
    .object({
      metafields: z.array(z.object({ key: z.string(), namespace: z.string() })).nullable(),
      userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string(), code: z.string().nullable(), elementIndex: z.number().int().nullable() })),
    })
    .nullable(),
});
