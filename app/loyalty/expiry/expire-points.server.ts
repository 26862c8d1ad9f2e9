// Expiry (off by default): when a program turns it on, a member's posted points expire after N months without
// activity (expiry-clock.ts says what counts). The expired amount is an EXPIRY transfer, keyed by the start of the
// quiet spell it ends, so it happens once per spell; activity, or the expiry itself, starts a new one. It waits for
// purchases still on their way (expiry-window.ts); one paid before the run that arrives after it gives the points back.
// Nothing expires while the program is paused, and paused time does not count towards the quiet months (expiry-clock.ts).
import type { TallyDatabase } from "~/db/database.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { spellDueToExpire } from "./expiry-clock";
import { memberActivity } from "./member-activity.server";
import { pausedAt } from "~/loyalty/program/program-pause";
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
  if (!rules?.expiry.enabled || pausedAt(rules, now)) return 0;
  const members = await db.prisma.balance.findMany({ where: { shop: domain, available: { gt: 0 } }, select: { memberId: true, available: true } });
  let expired = 0;
  for (const member of members) {
    try {
      if (await expireMember(db, domain, member, rules, now)) expired += 1;
    } catch (error) {
      report({ job: "points expiry", shop: domain, item: `member ${member.memberId}` }, error);
    }
  }
  return expired;
}

async function expireMember(db: TallyDatabase, domain: string, member: { memberId: string; available: number }, rules: ProgramRules, now: Date): Promise<boolean> {
  const activity = await memberActivity(db.read, domain, member.memberId);
  if (!activity) return false;
  // Not yet, or the program is paused: a pause takes nothing away, and its time does not count as quiet.
  const spellStart = spellDueToExpire(activity, rules, now);
  if (!spellStart) return false;
  const outcome = await db.ledger.recordTransfer({
    shop: domain,
    memberId: member.memberId,
    code: "EXPIRY",
    points: -member.available,
    status: "posted",
    requireAvailable: true,
    // One expiry per quiet spell: a run that finds the same spell again replays it.
    idempotencyKey: `expiry:${member.memberId}:${spellStart.toISOString()}`,
    memo: rules.expiry.anyActivity ? `No activity for ${rules.expiry.monthsWithoutPurchase} months` : `No purchase for ${rules.expiry.monthsWithoutPurchase} months`,
  });
  return outcome.ok && !outcome.replayed;
}
