/** Timestamps are stored as UTC; this is the text Prisma itself writes into SQLite, for statements run on the driver. */
export function timestampText(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}
