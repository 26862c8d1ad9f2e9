// Starts a bulk query, reads how it stands, and reads its JSONL result: the three calls every bulk read needs.
// The result URL is Shopify's storage, not the Admin API: it is fetched without the access token.
import { z } from "zod";
import { BULK_OPERATION_QUERY, BULK_OPERATION_RUN_QUERY, bulkOperationData, bulkOperationRunQueryData, type BulkOperation } from "./bulk-operation-documents";
import { AdminQueryError, runAdminQuery, type AdminGraphql } from "./run-admin-query.server";

/** Starts `query` as a bulk operation; returns its gid. Shopify's refusal (another one running, a bad query) throws. */
export async function startBulkQuery(admin: AdminGraphql, query: string): Promise<string> {
  const { bulkOperationRunQuery: payload } = await runAdminQuery(admin, BULK_OPERATION_RUN_QUERY, { query }, bulkOperationRunQueryData);
  const started = payload?.bulkOperation;
  if (!payload || payload.userErrors.length > 0 || !started) {
    throw new AdminQueryError("TallyRunBulkQuery", payload?.userErrors.map((error) => error.message) ?? ["no bulk operation was created"]);
  }
  return started.id;
}

/** The bulk operation as it stands; null when Shopify no longer knows it. */
export async function bulkOperationNow(admin: AdminGraphql, id: string): Promise<BulkOperation | null> {
  return (await runAdminQuery(admin, BULK_OPERATION_QUERY, { id }, bulkOperationData)).bulkOperation;
}

/** Every line of a bulk operation's result, parsed as JSON; an empty result (no objects) has no URL and no lines. */
export async function readBulkResult(url: string | null): Promise<unknown[]> {
  if (!url) return [];
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the bulk operation's result could not be read: HTTP ${response.status}`);
  const text = await response.text();
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (error) {
        throw new Error(`line ${index + 1} of the bulk operation's result is not JSON`, { cause: error });
      }
    });
}

/** Parses each line with `schema`, naming the line that does not fit. */
export function parseBulkLines<T extends z.ZodType>(lines: readonly unknown[], schema: T): z.output<T>[] {
  return lines.map((line, index) => {
    const parsed = schema.safeParse(line);
    if (!parsed.success) throw new Error(`line ${index + 1} of the bulk operation's result: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  });
}
