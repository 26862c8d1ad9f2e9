// Calls of the public API (/api/v1) as a merchant's developer makes them: a Bearer key, JSON bodies and an
// Idempotency-Key on writes, against the built app.
import type { TallyDatabase } from "~/db/database.server";
import type { ApiScope } from "~/loyalty/api-access/api-key";
import { createApiKey } from "~/loyalty/api-access/api-key-store.server";
import type { AppHandler } from "./built-app";

export interface ApiCallOptions {
  key?: string | null;
  body?: unknown;
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

export function apiCall(app: AppHandler, method: string, path: string, options: ApiCallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.Authorization = `Bearer ${options.key}`;
  if (options.idempotencyKey !== undefined) headers["Idempotency-Key"] = options.idempotencyKey;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers["Content-Type"] = "application/json";
  }
  return app(new Request(`http://localhost${path}`, { method, headers, body }));
}

/** A key made by the same command the API keys page uses, as a staff member would make it. */
export async function makeApiKey(db: TallyDatabase, shop: string, scope: ApiScope, name = `${scope} key`): Promise<{ id: string; key: string }> {
  const { key, record } = await createApiKey(db, { shop, name, scope, staff: { id: "staff-1", name: "Test staff" }, now: new Date() });
  return { id: record.id, key };
}
