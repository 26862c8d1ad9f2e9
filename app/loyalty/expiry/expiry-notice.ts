// When a member is told their points are about to expire: the program's notice days before the expiry job would
// expire them (expiry-clock.ts), while they still have points to lose. One notice per quiet spell: a purchase (or
// an expiry) starts a new spell, which gets a notice of its own when it in turn nears its end. The loyalty event
// feed announces it as `points.expiring` (app/loyalty/events/), for Shopify Flow and anyone else listening.
import { expiryNoticeDays, type ProgramRules } from "~/loyalty/program/program-rules";
import { memberPointsExpireAt, type MemberActivity } from "./expiry-clock";

const DAY_MS = 86_400_000;

export interface ExpiryNotice {
  /** The quiet spell the notice is about: it names the notice, so each spell is announced once. */
  spellStart: Date;
  /** When the expiry job will expire the points, unless the member is active before. */
  expiresAt: Date;
  /** What would expire: everything the member can spend now. */
  points: number;
}

/**
 * The notice due for a member at `now`, or null: expiry off, nothing to lose, too early, already expired, or the
 * program paused (nothing expires during a pause, and its end, which moves the date, is not known yet).
 */
export function expiryNotice(input: { activity: MemberActivity; available: number; rules: Pick<ProgramRules, "expiry" | "paused" | "pauses">; now: Date }): ExpiryNotice | null {
  const { activity, available, rules, now } = input;
  const expiry = rules.expiry;
  if (!expiry.enabled || available <= 0) return null;
  const due = memberPointsExpireAt(activity, rules, now);
  if (!due) return null;
  const { spellStart, expiresAt } = due;
  const noticeFrom = expiresAt.getTime() - expiryNoticeDays(expiry) * DAY_MS;
  if (now.getTime() < noticeFrom || now.getTime() >= expiresAt.getTime()) return null;
  return { spellStart, expiresAt, points: available };
}

/** Whole days left until `expiresAt`, rounded up: "in 7 days" until the last day, then "in 1 day". */
export function daysLeft(expiresAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS));
}
