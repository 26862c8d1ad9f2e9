// The merchant's rules for custom events (docs/decisions/044-actions-that-earn.md): an event name with a rule earns
// the rule's points, at most once per member, or at most N times per period. The limit holds by the ledger key:
// the k-th event of a name in a period takes the key `member:<id>:event:<name>:<period>:<k>`, k from 1 to N, and
// the ledger refuses a key twice, so two events at the same moment cannot both take the last place.
import type { ActionPeriod, EventLimit, EventRule } from "../actions/action-rules";
import { localDate } from "../bonuses/birthday-bonus";

/**
 * The period an event falls in, on the shop's calendar (`timeZone`, the shop's `ianaTimezone`; UTC when unknown):
 * 2026-12-05, 2026-W49 (ISO week), 2026-12, 2026. A merchant who writes "3 times a day" means their shop's day,
 * as they mean their shop's dates for campaigns (docs/decisions/051-a-paused-program-loses-nothing.md).
 */
export function periodKey(period: ActionPeriod, at: Date, timeZone: string | null = null): string {
  const local = localDate(at, timeZone);
  const year = local.year;
  const month = String(local.month).padStart(2, "0");
  switch (period) {
    case "day":
      return `${year}-${month}-${String(local.day).padStart(2, "0")}`;
    case "week": {
      // ISO 8601: the week belongs to the year of its Thursday.
      const day = new Date(Date.UTC(year, local.month - 1, local.day));
      const weekday = day.getUTCDay() || 7;
      day.setUTCDate(day.getUTCDate() + 4 - weekday);
      const weekYear = day.getUTCFullYear();
      const week = Math.ceil(((day.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
      return `${weekYear}-W${String(week).padStart(2, "0")}`;
    }
    case "month":
      return `${year}-${month}`;
    case "year":
      return String(year);
  }
}

/** The limit's window: "ever" for once-only, else the period the event falls in on the shop's calendar. */
export function limitWindow(limit: EventLimit, at: Date, timeZone: string | null = null): string {
  return limit.kind === "once" ? "ever" : periodKey(limit.period, at, timeZone);
}

/** How many events of the name may earn in one window. */
export function limitTimes(limit: EventLimit): number {
  return limit.kind === "once" ? 1 : limit.times;
}

/** The prefix every place of the window shares: what counts the events already earned in it. */
export function eventWindowPrefix(memberId: string, event: string, window: string): string {
  return `member:${memberId}:event:${event}:${window}:`;
}

export function eventSlotKey(memberId: string, event: string, window: string, slot: number): string {
  return `${eventWindowPrefix(memberId, event, window)}${slot}`;
}

export function ruleFor(rules: readonly EventRule[], event: string): EventRule | null {
  return rules.find((rule) => rule.event === event) ?? null;
}

/**
 * The place a new event takes, given the places already taken in its window; null when every place is taken.
 * The lowest free place, so that a place left free (never, since transfers are not deleted) would be used first.
 */
export function nextSlot(taken: readonly number[], limit: EventLimit): number | null {
  const used = new Set(taken);
  for (let slot = 1; slot <= limitTimes(limit); slot++) if (!used.has(slot)) return slot;
  return null;
}
