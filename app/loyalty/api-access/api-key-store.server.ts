// The shop's API keys: created and revoked by staff on the API keys page, each audited; found by the public API
// on every call. The one writer of api_keys (app/db/table-owners.mjs). The key itself is returned once, by
// createApiKey, and only its hash is stored.
import { prismaOf, type ReadOnlyPrisma, type Writer } from "~/db/database.server";
import { recordAuditEvent } from "~/loyalty/audit/audit-log.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import { apiKeyId, keyMatches, newApiKey, type ApiScope } from "./api-key";

export interface ApiKeyRecord {
  id: string;
  shop: string;
  name: string;
  scope: ApiScope;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

const SELECT = { id: true, shop: true, name: true, scope: true, createdBy: true, createdAt: true, lastUsedAt: true, revokedAt: true, revokedBy: true } as const;

function record(row: Omit<ApiKeyRecord, "scope"> & { scope: string }): ApiKeyRecord {
  return { ...row, scope: row.scope === "read_write" ? "read_write" : "read" };
}

/** How often a key's "last used" time is written: the page shows minutes, not every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export async function createApiKey(
  db: Writer,
  request: { shop: string; name: string; scope: ApiScope; staff: StaffMember; now: Date },
): Promise<{ key: string; record: ApiKeyRecord }> {
  const { shop, name, scope, staff, now } = request;
  const made = newApiKey();
  const row = await prismaOf(db).apiKey.create({
    data: { id: made.id, shop, name, scope, secretHash: made.secretHash, createdBy: staff.name, createdAt: now },
    select: SELECT,
  });
  await recordAuditEvent(db, { shop, staff, action: "api_key.created", subjectId: made.id, details: { name, scope }, at: now });
  return { key: made.key, record: record(row) };
}

export type RevokeResult = { ok: true; record: ApiKeyRecord } | { ok: false; error: "not_found" | "already_revoked" };

export async function revokeApiKey(db: Writer, request: { shop: string; id: string; staff: StaffMember; now: Date }): Promise<RevokeResult> {
  const { shop, id, staff, now } = request;
  const prisma = prismaOf(db);
  const revoked = await prisma.apiKey.updateMany({ where: { id, shop, revokedAt: null }, data: { revokedAt: now, revokedBy: staff.name } });
  const row = await prisma.apiKey.findFirst({ where: { id, shop }, select: SELECT });
  if (!row) return { ok: false, error: "not_found" };
  if (revoked.count === 0) return { ok: false, error: "already_revoked" };
  await recordAuditEvent(db, { shop, staff, action: "api_key.revoked", subjectId: id, details: { name: row.name, scope: row.scope }, at: now });
  return { ok: true, record: record(row) };
}

export async function listApiKeys(prisma: ReadOnlyPrisma, shop: string): Promise<ApiKeyRecord[]> {
  const rows = await prisma.apiKey.findMany({ where: { shop }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: SELECT });
  return rows.map(record);
}

export type KeyCheck =
  | { ok: true; record: ApiKeyRecord }
  | { ok: false; error: "unknown_key" }
  /** Still ours: its calls are logged against its shop. */
  | { ok: false; error: "revoked_key"; record: ApiKeyRecord };

/** The key a request presented, when it is one of ours and not revoked. */
export async function checkApiKey(prisma: ReadOnlyPrisma, presented: string): Promise<KeyCheck> {
  const id = apiKeyId(presented);
  if (!id) return { ok: false, error: "unknown_key" };
  const row = await prisma.apiKey.findUnique({ where: { id }, select: { ...SELECT, secretHash: true } });
  if (!row || !keyMatches(presented, row.secretHash)) return { ok: false, error: "unknown_key" };
  const { secretHash: _hash, ...rest } = row;
  if (row.revokedAt) return { ok: false, error: "revoked_key", record: record(rest) };
  return { ok: true, record: record(rest) };
}

/** Marks the key used now, unless it was marked within the last minute. */
export async function touchApiKey(db: Writer, id: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  await prismaOf(db).apiKey.updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: since } }] }, data: { lastUsedAt: now } });
}

/** shop/redact: the shop's keys go with everything else it had. */
export async function eraseShopApiKeys(db: Writer, shop: string): Promise<number> {
  return (await prismaOf(db).apiKey.deleteMany({ where: { shop } })).count;
}
