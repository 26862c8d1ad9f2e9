// The one writer of `redemptions`: every row is created "issuing" and changes status only as the state machine
// allows (redemption-states.ts). A move is one conditional UPDATE, so two callers racing on one code (an order
// using it while the lapsed-code job releases it) cannot both move it.
import type { Prisma, ReadOnlyPrisma, TallyDatabase } from "~/db/database.server";
import { isUniqueViolation } from "~/db/prisma-errors";
import { placeholders, type DriverSql } from "~/db/driver-sql.server";
import { OPEN_STATUSES, transition, type RedemptionEvent } from "./redemption-states";

export interface NewRedemption {
  id: string;
  shop: string;
  memberId: string;
  code: string;
  points: number;
  /** The pending REDEMPTION transfer that holds the points. */
  reservationId: string;
  requestId: string | null;
  /** The reward as it was when the code was issued (JSON); null for a hold adopted without its request. */
  reward: string | null;
  expiresAt: Date;
  now: Date;
}

/** Writes a redemption whose points are held and whose code is not made yet. Unique on code and on request. */
export async function insertIssuingRedemption(prisma: Prisma, row: NewRedemption): Promise<void> {
  const { now, ...fields } = row;
  await prisma.redemption.create({ data: { ...fields, status: "issuing", createdAt: now, updatedAt: now } });
}

/**
 * Writes a code whose points are held and whose discount exists already, as a history brought in (the demo's) has
 * them: issued, once. Returns false when the row was there already (a re-run).
 */
export async function recordIssuedRedemption(db: TallyDatabase, row: NewRedemption): Promise<boolean> {
  try {
    await insertIssuingRedemption(db.prisma, row);
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
  return moveRedemption(db.prisma, row.id, "issue", row.now);
}

/** Moves the redemption whose points `reservationId` holds by `event`; false when there is none or it cannot move. */
export async function moveRedemptionOfHold(db: TallyDatabase, reservationId: string, event: RedemptionEvent, at: Date): Promise<boolean> {
  const row = await db.read.redemption.findFirst({ where: { reservationId }, select: { id: true } });
  return row ? moveRedemption(db.prisma, row.id, event, at) : false;
}

/**
 * Moves a redemption by `event` if its status allows; returns whether it moved. `details` are the fields the
 * event records: the Shopify discount id on issue, the order on use, Shopify's credit transaction on credit.
 */
export async function moveRedemption(
  prisma: Prisma,
  id: string,
  event: RedemptionEvent,
  at: Date,
  details: { discountId?: string; orderId?: string; creditTransactionId?: string } = {},
): Promise<boolean> {
  const { from, to } = transition(event);
  const { count } = await prisma.redemption.updateMany({ where: { id, status: { in: [...from] } }, data: { status: to, ...details, updatedAt: at } });
  return count > 0;
}

/** moveRedemption on the driver, for settling an order that used the code (the event "use" records the order). */
export async function moveRedemptionNow(sql: DriverSql, id: string, event: RedemptionEvent, at: Date, orderId: string): Promise<boolean> {
  const { from, to } = transition(event);
  const changed = await sql.run(`UPDATE redemptions SET status = ?, order_id = ?, updated_at = ? WHERE id = ? AND status IN (${placeholders(from.length)})`, [
    to, orderId, at, id, ...from,
  ]);
  return changed > 0;
}

/**
 * A store credit whose answer was lost stays "issuing", its points held, until `lookAt`: then the lapsed-code job
 * looks the credit up in Shopify (release-lapsed-redemptions.server.ts). Returns whether it was still issuing.
 */
export async function lookForCreditAt(prisma: Prisma, id: string, lookAt: Date, now: Date): Promise<boolean> {
  const { count } = await prisma.redemption.updateMany({ where: { id, status: "issuing" }, data: { expiresAt: lookAt, updatedAt: now } });
  return count > 0;
}

/** Shopify's credit transactions already matched to this member's redemptions and tier rewards. */
export async function claimedStoreCredits(read: ReadOnlyPrisma, memberId: string): Promise<Set<string>> {
  const where = { memberId, creditTransactionId: { not: null } };
  const select = { creditTransactionId: true } as const;
  const [redemptions, grants] = await Promise.all([read.redemption.findMany({ where, select }), read.tierRewardGrant.findMany({ where, select })]);
  return new Set([...redemptions, ...grants].flatMap((row) => (row.creditTransactionId ? [row.creditTransactionId] : [])));
}

/**
 * Makes an unused code lapse now (a points debt takes its points back, docs/decisions/021-points-debt.md): the
 * lapsed-code job then disables it and releases its hold. Returns whether it was still open and unlapsed.
 */
export async function lapseRedemptionNow(prisma: Prisma, id: string, now: Date): Promise<boolean> {
  const { count } = await prisma.redemption.updateMany({ where: { id, status: { in: [...OPEN_STATUSES] }, expiresAt: { gt: now } }, data: { expiresAt: now, updatedAt: now } });
  return count > 0;
}

/** Erases a shop's redemptions (shop/redact). */
export async function eraseShopRedemptions(prisma: Prisma, shop: string): Promise<number> {
  return (await prisma.redemption.deleteMany({ where: { shop } })).count;
}
