// The one writer of `tier_reward_grants`: the catalogue rewards members get on moving up into a tier
// (docs/decisions/050-tier-entry-rewards-and-grace.md). A grant is queued in a unit of work of the feed's consumer
// (no Shopify call there), and moved by the issuing job (issue-tier-grants.server.ts): claimed for a lease, then
// issued, credited, or put back with the next attempt's time.
import type { Prisma, ReadOnlyPrisma } from "~/db/database.server";
import type { DriverSql } from "~/db/driver-sql.server";

export interface QueuedGrant {
  /** The grant's request id: the same grant is asked of Shopify under one code, however often it is retried. */
  id: string;
  shop: string;
  memberId: string;
  tierKey: string;
  /** The reward as it is now (JSON of a Reward, costing 0 points). */
  reward: string;
  code: string;
  now: Date;
}

/**
 * Queues a grant unless the member was granted this tier's reward before (once per member and tier, ever); returns
 * whether it is queued now. On the driver, so the feed's transaction is never aborted by a duplicate on PostgreSQL.
 */
export async function queueTierGrant(sql: DriverSql, grant: QueuedGrant): Promise<boolean> {
  const { id, shop, memberId, tierKey, reward, code, now } = grant;
  const added = await sql.run(
    `INSERT INTO tier_reward_grants (id, shop, member_id, tier_key, reward, code, status, attempts, next_attempt_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?) ON CONFLICT DO NOTHING`,
    [id, shop, memberId, tierKey, reward, code, now, now, now],
  );
  return added > 0;
}

/** The member's grant for a tier, if any. */
export async function findTierGrant(read: ReadOnlyPrisma, memberId: string, tierKey: string) {
  return read.tierRewardGrant.findUnique({ where: { memberId_tierKey: { memberId, tierKey } } });
}

/** Grants due for an attempt, oldest first. */
export async function dueTierGrants(read: ReadOnlyPrisma, now: Date, limit: number) {
  return read.tierRewardGrant.findMany({ where: { status: "queued", nextAttemptAt: { lte: now } }, orderBy: { nextAttemptAt: "asc" }, take: limit });
}

/**
 * Takes a due grant for one attempt: its next attempt moves to the end of `leaseUntil`, so a second runner leaves
 * it alone, and a runner that stops mid-attempt hands it back by itself. `expiresAt` is fixed on the first claim:
 * a code found again on a later attempt keeps the end it was created with. Returns whether this caller has it.
 */
export async function claimTierGrant(prisma: Prisma, grant: { id: string; attempts: number }, now: Date, leaseUntil: Date, expiresAt: Date | null): Promise<boolean> {
  const { count } = await prisma.tierRewardGrant.updateMany({
    where: { id: grant.id, status: "queued", attempts: grant.attempts, nextAttemptAt: { lte: now } },
    data: { attempts: grant.attempts + 1, nextAttemptAt: leaseUntil, updatedAt: now, ...(expiresAt ? { expiresAt } : {}) },
  });
  return count > 0;
}

export type GrantOutcome = { status: "issued"; discountId: string } | { status: "credited"; creditTransactionId: string };

/** Shopify made the code (or credited the store credit): the grant is done for good. */
export async function completeTierGrant(prisma: Prisma, id: string, outcome: GrantOutcome, now: Date): Promise<void> {
  const made = outcome.status === "issued" ? { discountId: outcome.discountId } : { creditTransactionId: outcome.creditTransactionId };
  await prisma.tierRewardGrant.updateMany({ where: { id, status: "queued" }, data: { status: outcome.status, ...made, issuedAt: now, lastError: null, updatedAt: now } });
}

/** Shopify refused or could not be reached: tried again at `retryAt`. */
export async function retryTierGrant(prisma: Prisma, id: string, error: string, retryAt: Date, now: Date): Promise<void> {
  await prisma.tierRewardGrant.updateMany({ where: { id, status: "queued" }, data: { lastError: error.slice(0, 500), nextAttemptAt: retryAt, updatedAt: now } });
}

/** The member's granted codes still open, to show beside the codes they bought. */
export async function openTierGrantCodes(read: ReadOnlyPrisma, memberId: string, now: Date) {
  return read.tierRewardGrant.findMany({
    where: { memberId, status: "issued", expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { code: true, expiresAt: true, reward: true },
  });
}

/** Erases a shop's grants (shop/redact). */
export async function eraseShopTierGrants(prisma: Prisma, shop: string): Promise<number> {
  return (await prisma.tierRewardGrant.deleteMany({ where: { shop } })).count;
}
