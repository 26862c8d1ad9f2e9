// The program's pause switch (docs/decisions/041-the-program-fits-the-shop.md). The merchant flips `paused`; the
// save that flips it records the period in `pauses`, so whether the program was paused is a question about a
// moment: an order paid during a pause earns nothing, even when its webhook arrives after the program resumed.
import { MAX_PAUSES_KEPT, type PausePeriod, type ProgramRules } from "./program-rules";

type PauseRules = Pick<ProgramRules, "paused" | "pauses">;

/** Whether the program was paused at `at`. */
export function pausedAt(rules: PauseRules, at: Date): boolean {
  const time = at.getTime();
  return (rules.pauses ?? []).some((period) => Date.parse(period.from) <= time && (period.to === null || time < Date.parse(period.to)));
}

/**
 * `after` as it is saved: a pause switched on opens a period at `now`, switched off closes the open one. The periods
 * are the saved ones (a form cannot rewrite history), the oldest dropped beyond MAX_PAUSES_KEPT.
 */
export function withPauseRecorded<T extends PauseRules>(before: PauseRules, after: T, now: Date): T {
  const periods: PausePeriod[] = [...(before.pauses ?? [])];
  const open = periods.findIndex((period) => period.to === null);
  const openPeriod = periods[open];
  const stamp = now.toISOString();
  if (after.paused && !openPeriod) periods.push({ from: stamp, to: null });
  if (!after.paused && openPeriod) periods[open] = { from: openPeriod.from, to: stamp };
  const kept = periods.slice(-MAX_PAUSES_KEPT);
  const { pauses: _ignored, ...rest } = after;
  return (kept.length > 0 ? { ...rest, pauses: kept } : rest) as T;
}
