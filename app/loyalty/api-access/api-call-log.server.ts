// Every call of the public API by a known key, as one compact row: key, method, path (no query string), status
// and time; never the body. The one writer of api_calls. Rows older than RETENTION_DAYS are deleted by the
// writer itself, every PRUNE_EVERY calls a process records, so the table holds about a month of calls whatever
// the traffic, without a job of its own (docs/decisions/034-public-api.md).
import { randomUUID } from "node:crypto";
import { prismaOf, type ReadOnlyPrisma, type Writer } from "~/db/database.server";

export const API_CALL_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;
const PRUNE_EVERY = 1_000;

export interface ApiCallEntry {
  shop: string;
  keyId: string;
  method: string;
  path: string;
  status: number;
  at: Date;
}

let recorded = 0;

export async function recordApiCall(db: Writer, entry: ApiCallEntry): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.apiCall.create({ data: { id: randomUUID(), ...entry, path: entry.path.slice(0, 500) } });
  if (recorded++ % PRUNE_EVERY === 0) await pruneApiCalls(db, entry.at);
}

/** Deletes the calls older than the retention window; returns how many went. */
export async function pruneApiCalls(db: Writer, now: Date): Promise<number> {
  const before = new Date(now.getTime() - API_CALL_RETENTION_DAYS * DAY_MS);
  return (await prismaOf(db).apiCall.deleteMany({ where: { at: { lt: before } } })).count;
}

export async function recentApiCalls(prisma: ReadOnlyPrisma, shop: string, limit: number) {
  return prisma.apiCall.findMany({ where: { shop }, orderBy: [{ at: "desc" }, { id: "desc" }], take: limit });
}

export async function eraseShopApiCalls(db: Writer, shop: string): Promise<number> {
  return (await prismaOf(db).apiCall.deleteMany({ where: { shop } })).count;
}
