// Gives back the points a shopper spent on the reward codes an order used, once that order is cancelled or
// refunded in full (redemption-returns.ts decides). Each is a new REDEMPTION_RETURNED credit through the ledger
// writer, keyed by the redemption, and the redemption moves from used to returned in the same unit of work: a
// redelivered cancellation, a refund after it or a second settlement finds nothing left to give.
// docs/decisions/039-points-back-for-cancelled-orders.md
import type { TallyDatabase } from "~/db/database.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { planPointsReturns, returnReason, type OrderOutcome } from "./redemption-returns";
import { redemptionsOfCodes } from "./redemption-settlement.server";
import { moveRedemptionNow } from "./redemption-store.server";

const MEMO = { cancelled: "was cancelled", refunded: "was refunded in full" } as const;

/** Returns how many redemptions gave their points back. */
export async function returnPointsForOrder(
  db: TallyDatabase,
  shop: string,
  order: OrderOutcome & { discountCodes: readonly string[] },
  rules: ProgramRules,
  now: Date,
): Promise<number> {
  const settings = { returnOnFullRefund: rules.redemption.returnPointsOnFullRefund };
  // Most orders stand: they read nothing more.
  if (returnReason(order, settings.returnOnFullRefund) === null) return 0;
  const used = await redemptionsOfCodes(db, shop, order.discountCodes, ["used"]);
  const byId = new Map(used.map((redemption) => [redemption.id, redemption]));
  const returns = planPointsReturns(
    order,
    used.map((redemption) => ({ redemptionId: redemption.id, points: redemption.points, status: redemption.status, orderId: redemption.orderId })),
    settings,
  );
  let returned = 0;
  for (const back of returns) {
    const redemption = byId.get(back.redemptionId);
    if (!redemption) continue;
    const outcome = await db.ledger.recordTransfer({
      shop,
      memberId: redemption.memberId,
      code: "REDEMPTION_RETURNED",
      points: back.points,
      status: "posted",
      orderId: order.orderId,
      idempotencyKey: back.idempotencyKey,
      memo: `Code ${redemption.code}: order ${order.orderId} ${MEMO[back.reason]}`,
    });
    if (!outcome.ok) throw new Error(`giving back the points of ${redemption.code}: ${outcome.error}: ${outcome.message}`);
    await moveRedemptionNow(db.sql, redemption.id, "return", now, order.orderId);
    returned += 1;
  }
  return returned;
}
