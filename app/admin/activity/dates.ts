// Dates on the Activity and Import pages, in UTC with one fixed locale, so the server-rendered HTML and the
// hydrated page agree whatever the browser's time zone (the date filters are in UTC too).
const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function formatDateTime(iso: string): string {
  return `${dateTime.format(new Date(iso))} UTC`;
}
