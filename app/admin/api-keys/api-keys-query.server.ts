// What the API keys page shows: the shop's keys (never their secrets) and its latest calls.
import type { ReadOnlyPrisma } from "~/db/database.server";
import { keyPrefix } from "~/loyalty/api-access/api-key";
import { API_CALL_RETENTION_DAYS, recentApiCalls } from "~/loyalty/api-access/api-call-log.server";
import { listApiKeys } from "~/loyalty/api-access/api-key-store.server";

const RECENT_CALLS = 25;

export async function loadApiKeysPage(prisma: ReadOnlyPrisma, shop: string) {
  const [keys, calls] = await Promise.all([listApiKeys(prisma, shop), recentApiCalls(prisma, shop, RECENT_CALLS)]);
  const names = new Map(keys.map((key) => [key.id, key.name]));
  return {
    keys: keys.map((key) => ({
      id: key.id,
      name: key.name,
      prefix: keyPrefix(key.id),
      scope: key.scope,
      createdAt: key.createdAt.toISOString(),
      createdBy: key.createdBy,
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      revokedAt: key.revokedAt?.toISOString() ?? null,
    })),
    calls: calls.map((call) => ({ id: call.id, at: call.at.toISOString(), key: names.get(call.keyId) ?? call.keyId, method: call.method, path: call.path, status: call.status })),
    retentionDays: API_CALL_RETENTION_DAYS,
  };
}

export type ApiKeysPage = Awaited<ReturnType<typeof loadApiKeysPage>>;
