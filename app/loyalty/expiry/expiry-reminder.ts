// Whose points expire soon, for the "points expiring" email (app/loyalty/emails/): a member whose quiet spell
// (expiry-clock.ts) ends between now and the notice's days from now. The spell's start names the batch of
// points that would expire, so one reminder goes per member per batch: new activity starts a new spell and,
// if that one also runs out, a new reminder.
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { memberPointsExpireAt, type MemberActivity } from "./expiry-clock";

const DAY_MS = 24 * 60 * 60_000;

export interface ExpiryReminder {
  /** The start of the quiet spell whose points expire: the reminder's batch. */
  spellStart: Date;
  /** When the expiry job will expire them (the program's months, then the wait for late purchases). */
  expiresAt: Date;
}

/**
 * The reminder due for a member with points at `now`, or null: expiry off, their points expire later (or already
 * did), or the program is paused (the pause moves the date by as long as it lasts: expiry-clock.ts).
 */
export function expiryReminderDue(activity: MemberActivity, rules: Pick<ProgramRules, "expiry" | "paused" | "pauses">, now: Date, noticeDays: number): ExpiryReminder | null {
  const due = memberPointsExpireAt(activity, rules, now);
  if (!due) return null;
  const { spellStart, expiresAt } = due;
  if (expiresAt.getTime() <= now.getTime()) return null;
  if (expiresAt.getTime() - now.getTime() > noticeDays * DAY_MS) return null;
  return { spellStart, expiresAt };
}
