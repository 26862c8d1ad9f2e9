// When a member's points expire: once the program's months pass with no activity. What counts as activity is the
// merchant's choice: purchases only (the default), or also any points earned or spent. The clock starts when the
// member joined, if they have bought nothing, and an expiry starts it again: points earned after an expiry expire
// in their turn, after as many quiet months. The expiry job (expire-points.server.ts) and what shoppers are told
// ("N points expire on …", app/shopper/shopper-summary.server.ts) both read the clock from here.
//
// The clock stops while the program is paused (docs/decisions/051-a-paused-program-loses-nothing.md): a pause
// takes nothing away, so no points expire during one, and the months a member has to be quiet are counted in time
// the program ran. Resuming after a long pause therefore does not expire everyone at once.
import type { TransferCode } from "~/loyalty/ledger/transfer-codes";
import { pausedAt } from "~/loyalty/program/program-pause";
import type { PausePeriod, ProgramRules } from "~/loyalty/program/program-rules";
import { LATE_PURCHASE_GRACE_MS } from "./expiry-window";

/**
 * Transfers that show a member active when the program counts any earning or redemption: what they earned (a
 * positive amount of these codes) or spent on a reward. Reversals, returns and expiries are not the member's doing.
 * A purchase counts from when it was paid (lastPurchaseAt), not from when its points were recorded, which can be
 * days later.
 */
export const ACTIVITY_CODES: readonly TransferCode[] = ["SIGNUP_BONUS", "BIRTHDAY_BONUS", "REFERRAL_ADVOCATE", "MILESTONE_BONUS", "CUSTOM_EVENT", "NEWSLETTER_SIGNUP", "SOCIAL_FOLLOW", "ADJUSTMENT", "IMPORT", "REDEMPTION"];

export interface MemberActivity {
  joinedAt: Date;
  /** When their latest purchase was paid; null when they have bought nothing. */
  lastPurchaseAt: Date | null;
  /** The latest transfer of ACTIVITY_CODES (earned, or spent on a reward); null when none. */
  lastPointsActivityAt: Date | null;
  /** The latest expiry that was not given back; null when none. */
  lastExpiryAt: Date | null;
}

const latest = (dates: (Date | null)[]): Date =>
  new Date(Math.max(...dates.filter((date): date is Date => date !== null).map((date) => date.getTime())));

/** The start of the member's current quiet spell: their points expire when it has lasted the program's months. */
export function quietSpellStart(activity: MemberActivity, expiry: ProgramRules["expiry"]): Date {
  return latest([
    activity.lastPurchaseAt ?? activity.joinedAt,
    expiry.anyActivity ? activity.lastPointsActivityAt : null,
    activity.lastExpiryAt,
  ]);
}

/**
 * When a spell that started at `spellStart` would end if the program never paused: the program's months later, and
 * the wait for purchases still on their way (expiry-window.ts) after that.
 */
export function spellExpiresAt(spellStart: Date, monthsWithoutActivity: number): Date {
  const end = new Date(spellStart);
  end.setUTCMonth(end.getUTCMonth() + monthsWithoutActivity);
  return new Date(end.getTime() + LATE_PURCHASE_GRACE_MS);
}

/**
 * The first moment the expiry job expires a spell that started at `spellStart`: spellExpiresAt, pushed back by every
 * pause that began before it (each pause that starts before the deadline moves it by the pause's length, counted
 * from the spell's start). Null while a pause that began before the deadline is still on: the date depends on when
 * the merchant resumes.
 */
export function pointsExpireAt(spellStart: Date, monthsWithoutActivity: number, pauses: readonly PausePeriod[] = []): Date | null {
  const start = spellStart.getTime();
  let due = spellExpiresAt(spellStart, monthsWithoutActivity).getTime();
  const periods = pauses
    .map((period) => ({ from: Math.max(Date.parse(period.from), start), to: period.to === null ? null : Date.parse(period.to) }))
    .filter((period) => period.to === null || period.to > period.from)
    .sort((a, b) => a.from - b.from);
  for (const period of periods) {
    if (period.from >= due) break;
    if (period.to === null) return null;
    due += period.to - period.from;
  }
  return new Date(due);
}

type ExpiryRules = Pick<ProgramRules, "expiry" | "paused" | "pauses">;

/** When the member's points expire if they stay quiet, by the clock that stops during pauses; null while paused. */
export function memberPointsExpireAt(activity: MemberActivity, rules: ExpiryRules, now: Date): { spellStart: Date; expiresAt: Date } | null {
  if (!rules.expiry.enabled || pausedAt(rules, now)) return null;
  const spellStart = quietSpellStart(activity, rules.expiry);
  const expiresAt = pointsExpireAt(spellStart, rules.expiry.monthsWithoutPurchase, rules.pauses ?? []);
  return expiresAt ? { spellStart, expiresAt } : null;
}

/** The spell whose points the expiry job expires at `now`, or null: not yet, expiry off, or the program paused. */
export function spellDueToExpire(activity: MemberActivity, rules: ExpiryRules, now: Date): Date | null {
  const due = memberPointsExpireAt(activity, rules, now);
  return due && due.expiresAt.getTime() <= now.getTime() ? due.spellStart : null;
}

/**
 * Whether a purchase paid at `paidAt` shows the member was not quiet when an expiry ran at `ranAt`: a spell that
 * started with it would not have ended by then, on the clock that stops during pauses.
 */
export function purchaseUndoesExpiry(paidAt: Date, ranAt: Date, monthsWithoutPurchase: number, pauses: readonly PausePeriod[] = []): boolean {
  if (paidAt.getTime() > ranAt.getTime()) return false;
  const due = pointsExpireAt(paidAt, monthsWithoutPurchase, pauses);
  return due === null || due.getTime() > ranAt.getTime();
}
