// Expiry (off by default): when a program turns it on, a member's posted points expire after N months without a
// purchase. The expired amount is an EXPIRY transfer, keyed by the last purchase it follows, so it happens once
// per quiet spell and a new purchase starts the clock again. It waits for purchases still on their way
// (expiry-window.ts); one paid before the run that arrives after it gives the points back.
import type { TallyDatabase } from "~/db/database.server";
import { quietSince } from "~/loyalty/expiry/expiry-window";
import { findShop } from "~/loyalty/program/shop-store.server";

export async function expireInactivePoints(db: TallyDatabase, now: Date): Promise<number> {
  const shops = await db.prisma.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } });
  let expired = 0;
  for (const { domain } of shops) {
    const rules = (await findShop(db.prisma, domain))?.rules;
    if (!rules?.expiry.enabled) continue;
    const cutoff = quietSince(now, rules.expiry.monthsWithoutPurchase);
    const members = await db.prisma.balance.findMany({ where: { shop: domain, available: { gt: 0 } }, select: { memberId: true, available: true } });
    for (const member of members) {
      const last = await db.prisma.loyaltyOrder.findFirst({ where: { shop: domain, memberId: member.memberId, paidAt: { not: null } }, orderBy: { paidAt: "desc" }, select: { paidAt: true } });
      const since = last?.paidAt ?? null;
      if (since && since > cutoff) continue;
      const joined = await db.prisma.member.findUnique({ where: { id: member.memberId }, select: { createdAt: true } });
      if (!since && joined && joined.createdAt > cutoff) continue;
      const outcome = await db.ledger.recordTransfer({
        shop: domain,
        memberId: member.memberId,
        code: "EXPIRY",
        points: -member.available,
        status: "posted",
        requireAvailable: true,
        idempotencyKey: `expiry:${member.memberId}:${(since ?? joined?.createdAt ?? now).toISOString()}`,
        memo: `No purchase for ${rules.expiry.monthsWithoutPurchase} months`,
      });
      if (outcome.ok && !outcome.replayed) expired += 1;
    }
  }
  return expired;
}
