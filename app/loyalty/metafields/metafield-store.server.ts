// The one writer of customer_metafield_syncs and customer_metafield_shops (app/db/table-owners.mjs): which members
// need their metafields written, what Shopify was last given, and each shop's definitions
// (docs/decisions/036-customer-metafields.md).
import { prismaOf, type Prisma, type ReadOnlyPrisma, type Writer } from "~/db/database.server";
import type { DriverSql } from "~/db/driver-sql.server";
import type { WrittenValues } from "./customer-metafields";
import { MIN_WRITE_INTERVAL_MS } from "./customer-metafields";

/** How long a claimed write is its sender's before another run may take it over (a call times out well before). */
const LEASE_MS = 2 * 60_000;

export interface SyncRow {
  memberId: string;
  shop: string;
  dirty: boolean;
  marks: number;
  points: number | null;
  tier: string | null;
  referralCode: string | null;
  tierTag: string | null;
}

// The ids travel as one JSON array, so that one statement (prepared once) marks any number of members.
const MARK_MEMBERS = {
  sqlite: "SELECT value FROM json_each(?)",
  postgres: "SELECT value FROM json_array_elements_text(CAST(? AS json))",
} as const;

function markMembersSql(kind: DriverSql["kind"]): string {
  return `INSERT INTO customer_metafield_syncs (member_id, shop, dirty, marks)
    SELECT value, ?, TRUE, 1 FROM (${MARK_MEMBERS[kind]}) ids WHERE TRUE
    ON CONFLICT (member_id) DO UPDATE SET dirty = TRUE, marks = customer_metafield_syncs.marks + 1`;
}

/**
 * The members need a write (again): a mark on each, a row for those without one, in one statement. The caller
 * holds the shop's feed lock. Marking two thousand new members a run through Prisma cost a fifth of a second of
 * the thread that settles the queue.
 */
export async function markMembers(sql: DriverSql, shop: string, memberIds: readonly string[]): Promise<number> {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return 0;
  await sql.run(markMembersSql(sql.kind), [shop, JSON.stringify(ids)]);
  return ids.length;
}

/** Every member of the shop Tally has written needs a write again (a tier renamed, tier tags switched on). */
export async function markShop(prisma: Prisma, shop: string): Promise<void> {
  await prisma.customerMetafieldSync.updateMany({ where: { shop }, data: { dirty: true, marks: { increment: 1 } } });
}

export interface ShopState {
  definitionsAt: Date | null;
  namespace: string | null;
  attempts: number;
  notBefore: Date | null;
  lastError: string | null;
  programMark: string | null;
}

export async function shopState(prisma: ReadOnlyPrisma, shop: string): Promise<ShopState | null> {
  return prisma.customerMetafieldShop.findUnique({
    where: { shop },
    select: { definitionsAt: true, namespace: true, attempts: true, notBefore: true, lastError: true, programMark: true },
  });
}

export async function setProgramMark(prisma: Prisma, shop: string, programMark: string): Promise<void> {
  await prisma.customerMetafieldShop.upsert({ where: { shop }, create: { shop, programMark }, update: { programMark } });
}

/** The shop's three definitions exist in Shopify (created now, or found there). */
export async function recordDefinitions(db: Writer, shop: string, at: Date, namespace: string | null): Promise<void> {
  const done = { definitionsAt: at, attempts: 0, notBefore: null, lastError: null, ...(namespace ? { namespace } : {}) };
  await prismaOf(db).customerMetafieldShop.upsert({ where: { shop }, create: { shop, ...done }, update: done });
}

export async function recordDefinitionsFailed(db: Writer, shop: string, error: string, next: Date): Promise<void> {
  const failed = { lastError: error.slice(0, 500), notBefore: next };
  await prismaOf(db).customerMetafieldShop.upsert({ where: { shop }, create: { shop, attempts: 1, ...failed }, update: { ...failed, attempts: { increment: 1 } } });
}

export interface ClaimedSync extends SyncRow {
  attempts: number;
}

/** The shops among these with a member due for a write. */
export async function shopsWithDueSyncs(prisma: ReadOnlyPrisma, shops: readonly string[], now: Date): Promise<string[]> {
  if (shops.length === 0) return [];
  const rows = await prisma.customerMetafieldSync.groupBy({ by: ["shop"], where: { shop: { in: [...shops] }, ...dueWhere(now) }, orderBy: { shop: "asc" } });
  return rows.map((row) => row.shop);
}

function dueWhere(now: Date) {
  return {
    dirty: true,
    AND: [
      { OR: [{ notBefore: null }, { notBefore: { lte: now } }] },
      { OR: [{ writtenAt: null }, { writtenAt: { lte: new Date(now.getTime() - MIN_WRITE_INTERVAL_MS) } }] },
    ],
  };
}

/**
 * Takes members of the shop due for a write: marked, not backing off, and last written at least a minute ago.
 * Each is taken by a conditional update that sets its lease, so two runs never write one member at once.
 */
export async function claimDueSyncs(prisma: Prisma, shop: string, now: Date, limit: number): Promise<ClaimedSync[]> {
  const due = await prisma.customerMetafieldSync.findMany({
    where: {
      shop,
      ...dueWhere(now),
    },
    orderBy: { memberId: "asc" },
    take: limit,
  });
  const claimed: ClaimedSync[] = [];
  for (const row of due) {
    const { count } = await prisma.customerMetafieldSync.updateMany({
      where: { memberId: row.memberId, dirty: true, marks: row.marks, notBefore: row.notBefore },
      data: { notBefore: new Date(now.getTime() + LEASE_MS) },
    });
    if (count === 1) claimed.push(row);
  }
  return claimed;
}

/**
 * The write went through (or there was nothing to write): Shopify holds `written` and the tag, since `at` (null:
 * nothing was sent). With `done`, the mark is cleared, unless another came in the meantime: then the member is
 * written again a minute later. Without it (the tag failed), the member stays marked.
 */
export async function recordWritten(
  prisma: Prisma,
  claim: { memberId: string; marks: number },
  written: WrittenValues & { tierTag: string | null },
  at: Date | null,
  done = true,
): Promise<void> {
  const held = { ...written, ...(at ? { writtenAt: at } : {}) };
  if (!done) {
    await prisma.customerMetafieldSync.updateMany({ where: { memberId: claim.memberId }, data: held });
    return;
  }
  const data = { ...held, attempts: 0, lastError: null, notBefore: null };
  const { count } = await prisma.customerMetafieldSync.updateMany({ where: { memberId: claim.memberId, marks: claim.marks }, data: { ...data, dirty: false } });
  if (count === 0) await prisma.customerMetafieldSync.updateMany({ where: { memberId: claim.memberId }, data });
}

/** The write failed: the member stays marked and is tried again at `next`. */
export async function recordFailed(prisma: Prisma, memberId: string, error: string, next: Date): Promise<void> {
  await prisma.customerMetafieldSync.updateMany({ where: { memberId }, data: { attempts: { increment: 1 }, lastError: error.slice(0, 500), notBefore: next } });
}

/** Not tried this run (another member of its call failed): due again at once. */
export async function releaseClaim(prisma: Prisma, memberId: string): Promise<void> {
  await prisma.customerMetafieldSync.updateMany({ where: { memberId }, data: { notBefore: null } });
}

/** customers/redact, or a member gone: nothing is written for them, and nothing about them is kept here. */
export async function eraseMemberSync(prisma: Prisma, memberId: string): Promise<number> {
  return (await prisma.customerMetafieldSync.deleteMany({ where: { memberId } })).count;
}

/** shop/redact: the shop's rows. */
export async function eraseShopMetafields(prisma: Prisma, shop: string): Promise<number> {
  const { count } = await prisma.customerMetafieldSync.deleteMany({ where: { shop } });
  await prisma.customerMetafieldShop.deleteMany({ where: { shop } });
  return count;
}
