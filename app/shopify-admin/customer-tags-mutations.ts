// Puts a member's tier tag on their customer and takes the other tier tags off, when the merchant switched tier
// tags on (app/loyalty/metafields/sync-metafields.server.ts).
import { z } from "zod";

export const TAGS_ADD = `#graphql
  mutation TallyAddCustomerTags($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      node { id }
      userErrors { field message }
    }
  }
`;

export const TAGS_REMOVE = `#graphql
  mutation TallyRemoveCustomerTags($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      node { id }
      userErrors { field message }
    }
  }
`;

const tagsPayload = z
  .object({
    node: z.object({ id: z.string() }).nullable(),
    userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string() })),
  })
  .nullable();

export const tagsAddData = z.object({ tagsAdd: tagsPayload });
export const tagsRemoveData = z.object({ tagsRemove: tagsPayload });
