// The Idempotency-Key of a write through the public API, claimed for the request it first came with. The command
// behind the request is idempotent on its own (the ledger's key, the redemption's request id), so a repeat of the
// same request is answered by running it again; this table adds what the commands cannot see: the same key sent
// with another request, to another endpoint or for another member, which is refused. The one writer of
// api_idempotency_keys; keys older than the retention window are forgotten (docs/decisions/034-public-api.md).
import { createHash } from "node:crypto";
import { prismaOf, type Writer } from "~/db/database.server";
import { isUniqueViolation } from "~/db/prisma-errors";

export const IDEMPOTENCY_KEY_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;
const PRUNE_EVERY = 1_000;
let claims = 0;

/** A digest of what the request asks: method, path and its parsed body (keys in a fixed order). */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash("sha256").update(JSON.stringify([method.toUpperCase(), path, canonical(body)])).digest("hex");
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

export type Claim = { ok: true; replay: boolean } | { ok: false; error: "key_reused" };

/** Claims `key` for this request; a key first used for another request is refused. */
export async function claimIdempotencyKey(db: Writer, request: { shop: string; key: string; fingerprint: string; now: Date }): Promise<Claim> {
  const prisma = prismaOf(db);
  const { shop, key, fingerprint, now } = request;
  try {
    await prisma.apiIdempotencyKey.create({ data: { shop, key, fingerprint, createdAt: now } });
    if (claims++ % PRUNE_EVERY === 0) {
      await prisma.apiIdempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_KEY_RETENTION_DAYS * DAY_MS) } } });
    }
    return { ok: true, replay: false };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const first = await prisma.apiIdempotencyKey.findUnique({ where: { shop_key: { shop, key } } });
  // Pruned between the insert and this read: the key is free again, and the command's own key still holds.
  if (!first) return { ok: true, replay: false };
  return first.fingerprint === fingerprint ? { ok: true, replay: true } : { ok: false, error: "key_reused" };
}

/**
 * Frees a key whose request was refused (a missing member, too few points): a refused request leaves nothing
 * behind, so the same key may be sent again once the cause is fixed.
 */
export async function releaseIdempotencyKey(db: Writer, request: { shop: string; key: string; fingerprint: string }): Promise<void> {
  await prismaOf(db).apiIdempotencyKey.deleteMany({ where: request });
}

export async function eraseShopIdempotencyKeys(db: Writer, shop: string): Promise<number> {
  return (await prismaOf(db).apiIdempotencyKey.deleteMany({ where: { shop } })).count;
}
