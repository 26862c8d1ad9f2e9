// The dashboard's period: a preset ("the last 30 days") or a custom range of whole days, read from the query
// string. Days are UTC days: a shop's time zone is not known to Tally, and one fixed zone keeps a day's figures
// the same whoever looks at them.
import { z } from "zod";
import { dashboardStrings as t } from "~/admin/strings/dashboard";

export const PRESET_DAYS = { "7d": 7, "30d": 30, "90d": 90, "365d": 365 } as const;
export type Preset = keyof typeof PRESET_DAYS;
export const DEFAULT_PRESET: Preset = "30d";

/** Ranges longer than this are refused: the charts would have more points than anyone can read. */
export const MAX_CUSTOM_DAYS = 3 * 366;
/** Up to this many days the charts show one point per day; longer periods show weeks. */
export const MAX_DAILY_DAYS = 31;

const DAY_MS = 86_400_000;

const isoDay = z
  .string({ error: t.period.badDate })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: t.period.badDate, abort: true })
  .refine((text) => dayStart(text) !== null, { error: t.period.badDate });

export const periodQuerySchema = z
  .object({
    period: z.enum(["7d", "30d", "90d", "365d", "custom"], { error: t.period.badPreset }).default(DEFAULT_PRESET),
    from: isoDay.optional(),
    to: isoDay.optional(),
  })
  .superRefine((query, ctx) => {
    if (query.period !== "custom") return;
    if (!query.from) ctx.addIssue({ code: "custom", path: ["from"], message: t.period.fromMissing });
    if (!query.to) ctx.addIssue({ code: "custom", path: ["to"], message: t.period.toMissing });
    // A date the field's own check refused already has its message.
    if (!query.from || !query.to || !dayStart(query.from) || !dayStart(query.to)) return;
    const days = dayCount(query.from, query.to);
    if (days < 1) ctx.addIssue({ code: "custom", path: ["to"], message: t.period.toBeforeFrom });
    else if (days > MAX_CUSTOM_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: t.period.tooLong(MAX_CUSTOM_DAYS) });
  });
export type PeriodQuery = z.infer<typeof periodQuerySchema>;

export interface DashboardPeriod {
  preset: Preset | "custom";
  /** First day, YYYY-MM-DD. */
  fromDay: string;
  /** Last day, YYYY-MM-DD, included. */
  toDay: string;
  /** Start of the first day, included. */
  start: Date;
  /** Start of the day after the last day: the period is [start, end). */
  end: Date;
  days: number;
  bucket: "day" | "week";
}

/** Midnight UTC of a YYYY-MM-DD day, or null when there is no such day (2026-02-30). */
export function dayStart(day: string): Date | null {
  const date = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return null;
  return date;
}

export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const start = dayStart(day);
  if (!start) throw new Error(`not a day: ${day}`);
  return dayOf(new Date(start.getTime() + days * DAY_MS));
}

/** Days from `from` to `to`, both included; 0 or less when `to` is before `from`. */
function dayCount(from: string, to: string): number {
  const a = dayStart(from);
  const b = dayStart(to);
  if (!a || !b) return 0;
  return Math.round((b.getTime() - a.getTime()) / DAY_MS) + 1;
}

/** The period a parsed query names, with presets ending today (`now`'s UTC day, included). */
export function resolvePeriod(query: PeriodQuery, now: Date): DashboardPeriod {
  let fromDay: string;
  let toDay: string;
  if (query.period === "custom") {
    if (!query.from || !query.to) throw new Error("a custom period needs from and to (the schema checks it)");
    fromDay = query.from;
    toDay = query.to;
  } else {
    toDay = dayOf(now);
    fromDay = addDays(toDay, -(PRESET_DAYS[query.period] - 1));
  }
  const days = dayCount(fromDay, toDay);
  return {
    preset: query.period,
    fromDay,
    toDay,
    start: new Date(`${fromDay}T00:00:00.000Z`),
    end: new Date(`${addDays(toDay, 1)}T00:00:00.000Z`),
    days,
    bucket: days <= MAX_DAILY_DAYS ? "day" : "week",
  };
}

/** The query string's messages, one line each, for a 400 a person can act on. */
export function periodErrors(error: z.ZodError): string[] {
  return error.issues.map((issue) => issue.message);
}
