// An order that used a Tally reward code settles the redemption: the points held when the code was issued are
// spent for good (the pending REDEMPTION transfer is posted). A code whose points already came back (it lapsed
// and was released, or its creation looked failed although Shopify made it) spends them again with a new debit:
// a shopper never keeps both the discount and the points.
import type { TallyDatabase } from "~/db/database.server";
import { placeholders } from "~/db/driver-sql.server";
import { canonicalReferralCode } from "~/loyalty/referrals/referral-codes";
import { GIVEN_BACK_STATUSES, isRedemptionStatus, type RedemptionStatus } from "./redemption-states";
import { moveRedemptionNow } from "./redemption-store.server";

async function spendAgain(db: TallyDatabase, shop: string, orderId: string, redemption: { id: string; memberId: string; code: string; points: number }): Promise<void> {
  // Posted even when it takes the balance below zero: the discount was taken, so the points are owed
  // (docs/decisions/021-points-debt.md).
  const outcome = await db.ledger.recordTransfer({
    shop,
    memberId: redemption.memberId,
    code: "REDEMPTION",
    points: -redemption.points,
    status: "posted",
    orderId,
    idempotencyKey: `redemption:${redemption.id}:spend-after-release`,
    memo: `Code ${redemption.code} used on order ${orderId} after its points were given back`,
  });
  if (!outcome.ok) throw new Error(`spending released redemption ${redemption.code}: ${outcome.message}`);
}

/** How a redemption's hold was resolved: posted (an order spent it), voided (the points came back), or not yet. */
export async function holdResolution(db: TallyDatabase, reservationId: string): Promise<"posted" | "voided" | null> {
  const resolution = await db.sql.get<{ status: string }>("SELECT status FROM transfers WHERE pending_id = ?", [reservationId]);
  return resolution?.status === "posted" || resolution?.status === "voided" ? resolution.status : null;
}

/** The shop's redemptions of the codes an order used (as Shopify spelled them), in the given statuses. */
export async function redemptionsOfCodes(db: TallyDatabase, shop: string, discountCodes: readonly string[], statuses: readonly RedemptionStatus[]) {
  if (discountCodes.length === 0) return [];
  const codes = [...new Set(discountCodes.map(canonicalReferralCode))];
  const rows = await db.sql.all<{ id: string; member_id: string; code: string; points: number; reservation_id: string; status: string; order_id: string | null }>(
    `SELECT id, member_id, code, points, reservation_id, status, order_id FROM redemptions
    WHERE shop = ? AND code IN (${placeholders(codes.length)}) AND status IN (${placeholders(statuses.length)})`,
    [shop, ...codes, ...statuses],
  );
  return rows.map((row) => {
    if (!isRedemptionStatus(row.status)) throw new Error(`redemption ${row.id} has an unknown status ${row.status}`);
    return {
      id: row.id,
      memberId: row.member_id,
      code: row.code,
      points: Number(row.points),
      reservationId: row.reservation_id,
      status: row.status,
      orderId: row.order_id,
    };
  });
}

export async function settleRedemptionsForOrder(db: TallyDatabase, shop: string, orderId: string, discountCodes: string[], now: Date): Promise<void> {
  const redemptions = await redemptionsOfCodes(db, shop, discountCodes, ["issuing", "issued", "used", ...GIVEN_BACK_STATUSES]);
  for (const redemption of redemptions) {
    if (redemption.status === "used" && redemption.orderId !== orderId) continue;
    if (!GIVEN_BACK_STATUSES.includes(redemption.status)) {
      const outcome = await db.ledger.postPendingTransfer({ shop, pendingId: redemption.reservationId, idempotencyKey: `redemption:${redemption.id}:settle` });
      if (!outcome.ok && outcome.error !== "already_resolved") throw new Error(`settling redemption ${redemption.code}: ${outcome.message}`);
    }
    // The hold may have been voided before this order arrived (released, failed, or released a moment ago by
    // the lapsed-code job): then the points are spent with a new debit instead.
    if ((await holdResolution(db, redemption.reservationId)) === "voided") await spendAgain(db, shop, orderId, redemption);
    await moveRedemptionNow(db.sql, redemption.id, "use", now, orderId);
  }
}
