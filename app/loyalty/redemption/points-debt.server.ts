// A refund or cancellation can take back points the shopper already spent, or a code used after its points came
// back can spend them again: the available balance then falls below zero. Before any of it stays as a debt, the
// member's unused reward codes are cancelled, oldest first, until their held points cover it: each is set to
// lapse now, so the lapsed-code job (the next run of the job runner, right after the queue is worked) disables it
// in Shopify and then gives its points back through the ledger writer. What is still missing after that stays as
// a negative balance that later purchases repay (docs/decisions/021-points-debt.md).
import type { TallyDatabase } from "~/db/database.server";
import { OPEN_STATUSES } from "./redemption-states";
import { lapseRedemptionNow } from "./redemption-store.server";
import { STORE_CREDIT_CODE_PREFIX } from "./redeem-reward.server";

const OPEN = [...OPEN_STATUSES];

/**
 * Cancels as many of the member's unused codes as it takes to cover a negative balance; returns their count.
 * `known`: the member's available points, read in the same unit of work with nothing written to their ledger since.
 */
export async function coverNegativeBalance(db: TallyDatabase, shop: string, memberId: string, now: Date, known?: number): Promise<number> {
  const available = known ?? Number((await db.sql.get<{ available: number }>("SELECT available FROM balances WHERE member_id = ?", [memberId]))?.available ?? 0);
  if (available >= 0) return 0;
  let shortfall = -available;
  // A store credit still open is awaiting Shopify's answer (lost-credits.server.ts): its points are likely the
  // shopper's credit already, so it neither counts as cover nor is cancelled; the unused codes after it are.
  const codes = { memberId, status: { in: OPEN }, NOT: { code: { startsWith: STORE_CREDIT_CODE_PREFIX } } };
  // Codes already cancelled (lapsing now) count as cover: their points are on their way back.
  const lapsing = await db.prisma.redemption.aggregate({ where: { ...codes, expiresAt: { lte: now } }, _sum: { points: true } });
  shortfall -= lapsing._sum.points ?? 0;
  const unused = await db.prisma.redemption.findMany({
    where: { ...codes, shop, expiresAt: { gt: now } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, points: true },
  });
  let cancelled = 0;
  for (const code of unused) {
    if (shortfall <= 0) break;
    const lapsed = await lapseRedemptionNow(db.prisma, code.id, now);
    shortfall -= code.points;
    if (lapsed) cancelled += 1;
  }
  return cancelled;
}
