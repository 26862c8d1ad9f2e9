// When a member's points expire: once the program's months pass with no activity. What counts as activity is the
// merchant's choice: purchases only (the default), or also any points earned or spent. The clock starts when the
// member joined, if they have bought nothing, and an expiry starts it again: points earned after an expiry expire
// in their turn, after as many quiet months. The expiry job (expire-points.server.ts) and what shoppers are told
// ("N points expire on …", app/shopper/shopper-summary.server.ts) both read the clock from here.
import type { TransferCode } from "~/loyalty/ledger/transfer-codes";
import type { ProgramRules } from "~/loyalty/program/program-rules";
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
 * The first moment the expiry job expires a spell that started at `spellStart`: the program's months later, and
 * the wait for purchases still on their way (expiry-window.ts) after that.
 */
export function spellExpiresAt(spellStart: Date, monthsWithoutActivity: number): Date {
  const end = new Date(spellStart);
  end.setUTCMonth(end.getUTCMonth() + monthsWithoutActivity);
  return new Date(end.getTime() + LATE_PURCHASE_GRACE_MS);
}
