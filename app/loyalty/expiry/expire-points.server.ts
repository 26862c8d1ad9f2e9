// Expiry (off by default): when a program turns it on, a member's posted points expire after N months without a
// purchase. The expired amount is an EXPIRY transfer, keyed by the last purchase it follows, so it happens once
// per quiet spell and a new purchase starts the clock again. It waits for purchases still on their way
// (expiry-window.ts); one paid before the run that arrives after it gives the points back.
import type { TallyDatabase } from "~/db/database.server";
import { quietSince } from "~/loyalty/expiry/expiry-window";
import { findShop } from "~/loyalty/program/shop-store.server";
import type { ReportJobFailure } from "~/loyalty/job-failures";
import { logJobFailure } from "~/operations/job-failure-log.server";

export async function expireInactivePoints(db: TallyDatabase, now: Date, report: ReportJobFailure = logJobFailure): Promise<number> {
  const shops = await db.prisma.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } });
  let expired = 0;
  for (const { domain } of shops) {
    try {
      expired += await expireShop(db, domain, now, report);
    } catch (error) {
      report({ job: "points expiry", shop: domain }, error);
    }
  }
  return expired;
}

async function expireShop(db: TallyDatabase, domain: string, now: Date, report: ReportJobFailure): Promise<number> {
  const rules = (await findShop(db.prisma, domain))?.rules;
  if (!rules?.expiry.enabled) return 0;
  const cutoff = quietSince(now, rules.expiry.monthsWithoutPurchase);
  const members = await db.prisma.balance.findMany({ where: { shop: domain, available: { gt: 0 } }, select: { memberId: true, available: true } });
  let expired = 0;
  for (const member of members) {
    try {
      if (await expireMember(db, domain, member, cutoff, rules.expiry.monthsWithoutPurchase, now)) expired += 1;
    } catch (error) {
      report({ job: "points expiry", shop: domain, item: `member ${member.memberId}` }, error);
    }
  }
  return expired;
}

async function expireMember(db: TallyDatabase, domain: string, member: { memberId: string; available: number }, cutoff: Date, months: number, now: Date): Promise<boolean> {
  const last = await db.prisma.loyaltyOrder.findFirst({ where: { shop: domain, memberId: member.memberId, paidAt: { not: null } }, orderBy: { paidAt: "desc" }, select: { paidAt: true } });
  const since = last?.paidAt ?? null;
  if (since && since > cutoff) return false;
  const joined = await db.prisma.member.findUnique({ where: { id: member.memberId }, select: { createdAt: true } });
  if (!since && joined && joined.createdAt > cutoff) return false;
  const outcome = await db.ledger.recordTransfer({
    shop: domain,
    memberId: member.memberId,
    code: "EXPIRY",
    points: -member.available,
    status: "posted",
    requireAvailable: true,
    idempotencyKey: `expiry:${member.memberId}:${(since ?? joined?.createdAt ?? now).toISOString()}`,
    memo: `No purchase for ${months} months`,
  });
  return outcome.ok && !outcome.replayed;
}
