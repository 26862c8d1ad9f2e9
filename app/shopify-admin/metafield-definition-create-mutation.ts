// Creates one of the customer metafield definitions Tally's sync writes under
// (app/loyalty/metafields/metafield-definitions.server.ts). TAKEN means it exists already.
import { z } from "zod";

export const METAFIELD_DEFINITION_CREATE = `#graphql
  mutation TallyCreateMetafieldDefinition($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition { id namespace key }
      userErrors { field message code }
    }
  }
`;

export const metafieldDefinitionCreateData = z.object({
  metafieldDefinitionCreate: z
    .object({
      createdDefinition: z.object({ id: z.string(), namespace: z.string(), key: z.string() }).nullable(),
      userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string(), code: z.string().nullable() })),
    })
    .nullable(),
});
