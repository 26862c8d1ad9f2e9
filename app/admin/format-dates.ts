// Dates and signed amounts on every admin page. UTC and one locale, so the server-rendered HTML and the hydrated
// page agree whatever the browser's time zone (the Activity page's date filters are in UTC too).
import { formatPoints } from "./format";

const LOCALE = "en-US";
const date = new Intl.DateTimeFormat(LOCALE, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
const dateTime = new Intl.DateTimeFormat(LOCALE, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
});

/** A day, e.g. "Nov 23, 2026". */
export function formatDate(iso: string | Date): string {
  return date.format(new Date(iso));
}

/** A moment, e.g. "Nov 23, 2026, 2:05 PM UTC". */
export function formatDateTime(iso: string | Date): string {
  return dateTime.format(new Date(iso));
}

/** Points with their sign, e.g. "+50" or "-20", where the direction is the news. */
export function formatSignedPoints(value: number): string {
  return value > 0 ? `+${formatPoints(value)}` : formatPoints(value);
}
