// The "points expiring" scan (docs/emails.md): once an hour per shop, members with points whose quiet spell ends
// within the merchant's notice get one reminder for that batch of points (app/loyalty/expiry/expiry-reminder.ts);
// the key names the spell, so a later scan finds it queued already.
import type { TallyDatabase } from "~/db/database.server";
import { moveCursor, readCursor } from "~/loyalty/events/event-feed-store.server";
import { expiryReminderDue } from "~/loyalty/expiry/expiry-reminder";
import { memberActivity } from "~/loyalty/expiry/member-activity.server";
import type { ReportJobFailure } from "~/loyalty/job-failures";
import { parseProgramRules } from "~/loyalty/program/program-rules";
import { emailKeys, emailLocale } from "./email-kinds";
import { kindEnabled } from "./email-settings";
import { queueEmail, readEmailSettings } from "./email-store.server";

/** How often a shop's members are looked at: a reminder is days ahead, an hour late is nothing. */
export const EXPIRY_SCAN_EVERY_MS = 60 * 60_000;

export async function queueExpiryReminders(db: TallyDatabase, now: Date, report: ReportJobFailure): Promise<number> {
  const shops = await db.read.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true, programRules: true }, orderBy: { domain: "asc" } });
  let queued = 0;
  for (const shop of shops) {
    try {
      const rules = parseProgramRules(shop.programRules);
      const settings = await readEmailSettings(db.read, shop.domain);
      if (!rules.expiry.enabled || !kindEnabled(settings, "points_expiring")) continue;
      const last = await readCursor(db.read, shop.domain, "email-expiry");
      if (last?.at && now.getTime() - last.at.getTime() < EXPIRY_SCAN_EVERY_MS && last.at.getTime() <= now.getTime()) continue;
      const balances = await db.read.balance.findMany({ where: { shop: shop.domain, available: { gt: 0 } }, select: { memberId: true, available: true } });
      for (const balance of balances) {
        const member = await db.read.member.findUnique({ where: { id: balance.memberId }, select: { redactedAt: true, email: true, locale: true } });
        if (!member || member.redactedAt || !member.email) continue;
        const activity = await memberActivity(db.read, shop.domain, balance.memberId);
        const due = activity ? expiryReminderDue(activity, rules, now, settings.expiryNoticeDays) : null;
        if (!due) continue;
        const draft = {
          kind: "points_expiring" as const,
          key: emailKeys.expiring(balance.memberId, due.spellStart),
          memberId: balance.memberId,
          locale: emailLocale(member.locale) ?? settings.fallbackLocale,
          data: { points: balance.available, expiresAt: due.expiresAt.toISOString() },
        };
        if (await queueEmail(db.prisma, shop.domain, draft, now)) queued += 1;
      }
      await moveCursor(db.prisma, shop.domain, "email-expiry", { at: now });
    } catch (error) {
      report({ job: "points expiring emails", shop: shop.domain }, error);
    }
  }
  return queued;
}
