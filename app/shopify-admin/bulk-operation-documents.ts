// Shopify's bulk operations: a query run by Shopify in the background, its result a JSONL file at a URL
// (https://shopify.dev/docs/api/usage/bulk-operations/queries). Tally starts one with bulkOperationRunQuery and
// asks for it by id (bulkOperation(id:), in the Admin API since 2026-01) until it has finished: the job runner
// asks once a minute, so a restart loses nothing (docs/decisions/046-shop-history-on-install.md).
import { z } from "zod";

export const BULK_OPERATION_RUN_QUERY = `#graphql
  mutation TallyRunBulkQuery($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

export const bulkOperationRunQueryData = z.object({
  bulkOperationRunQuery: z
    .object({
      bulkOperation: z.object({ id: z.string(), status: z.string() }).nullable(),
      userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string(), code: z.string().nullable() })),
    })
    .nullable(),
});

export const BULK_OPERATION_QUERY = `#graphql
  query TallyBulkOperation($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      objectCount
      url
    }
  }
`;

/** UnsignedInt64 is a string of digits in Shopify's JSON. */
const unsignedInt64 = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number);

export const bulkOperation = z.object({
  id: z.string(),
  status: z.enum(["CANCELED", "CANCELING", "COMPLETED", "CREATED", "EXPIRED", "FAILED", "RUNNING"]),
  errorCode: z.string().nullable(),
  objectCount: unsignedInt64,
  url: z.string().nullable(),
});

export type BulkOperation = z.infer<typeof bulkOperation>;

export const bulkOperationData = z.object({ bulkOperation: bulkOperation.nullable() });
