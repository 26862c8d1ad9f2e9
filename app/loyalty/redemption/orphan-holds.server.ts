// A redemption holds the points (a pending REDEMPTION transfer) and then records its `redemptions` row; a process
// killed between the two writes leaves a hold that no code answers for. Such a hold is adopted: the row the crash
// did not write is written now, already lapsed and with no Shopify discount, so the lapsed-code job releases it
// the way it releases any code (one void through the ledger writer, keyed by the row).
import type { TallyDatabase } from "~/db/database.server";
import { isUniqueViolation } from "~/db/prisma-errors";
import { OPEN_STATUSES } from "./redemption-states";
import { insertIssuingRedemption } from "./redemption-store.server";
import { log } from "~/operations/logger.server";

/**
 * How old a hold without a row must be before it is taken for an orphan. A redemption writes its row
 * milliseconds after its hold; a request still running after this long has long been answered with a timeout.
 */
export const ORPHAN_HOLD_GRACE_MS = 15 * 60_000;

/** The code recorded on an adopted hold's row: no such code was ever sent to Shopify. */
export const UNISSUED_CODE_PREFIX = "UNISSUED-";

/** The shopper's request id inside the hold's key (`redeem:<member id>:<request id>`, redeem-reward.server.ts). */
function requestIdOf(idempotencyKey: string, memberId: string): string | null {
  const prefix = `redeem:${memberId}:`;
  return idempotencyKey.startsWith(prefix) ? idempotencyKey.slice(prefix.length) : null;
}

/** Writes the missing row of every orphaned hold older than the grace period; returns how many it adopted. */
export async function adoptOrphanHolds(db: TallyDatabase, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - ORPHAN_HOLD_GRACE_MS);
  // Only reservations are pending debits, so a member whose open codes account for all of it has no orphan.
  const holding = await db.prisma.balance.findMany({ where: { pendingDebit: { gt: 0 } }, select: { memberId: true, pendingDebit: true } });
  let adopted = 0;
  for (const { memberId, pendingDebit } of holding) {
    const open = await db.prisma.redemption.aggregate({ where: { memberId, status: { in: [...OPEN_STATUSES] } }, _sum: { points: true } });
    if ((open._sum.points ?? 0) >= pendingDebit) continue;
    const holds = await db.prisma.transfer.findMany({
      where: { memberId, code: "REDEMPTION", status: "pending", createdAt: { lte: cutoff } },
      select: { id: true, shop: true, points: true, idempotencyKey: true, createdAt: true },
    });
    if (holds.length === 0) continue;
    const ids = holds.map((hold) => hold.id);
    const resolved = new Set((await db.prisma.transfer.findMany({ where: { pendingId: { in: ids } }, select: { pendingId: true } })).map((row) => row.pendingId));
    const answered = new Set((await db.prisma.redemption.findMany({ where: { reservationId: { in: ids } }, select: { reservationId: true } })).map((row) => row.reservationId));
    for (const hold of holds) {
      if (resolved.has(hold.id) || answered.has(hold.id)) continue;
      try {
        // The row's id comes from the hold, and its request id from the hold's key: two runners adopting the same
        // hold, or the stalled request itself writing its row at last, meet on a unique key and only one row wins.
        await insertIssuingRedemption(db.prisma, {
          id: `hold-${hold.id}`,
          shop: hold.shop,
          memberId,
          code: `${UNISSUED_CODE_PREFIX}${hold.id}`,
          points: -hold.points,
          reservationId: hold.id,
          requestId: requestIdOf(hold.idempotencyKey, memberId),
          reward: null,
          expiresAt: hold.createdAt,
          now,
        });
        adopted += 1;
      } catch (error) {
        // One hold that cannot be adopted must not keep the others (or the release of lapsed codes) waiting.
        if (!isUniqueViolation(error)) log().error({ shop: hold.shop, hold: hold.id, err: error }, "adopting a points hold failed; the next run tries again");
      }
    }
  }
  return adopted;
}
