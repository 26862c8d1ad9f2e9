// When points count as unused long enough to expire. Shopify retries a webhook for 48 hours and the order
// reconciliation finds missed orders within the hour, so a purchase can reach Tally up to about two days after it
// was paid. Expiry waits that long past the end of the quiet spell before it runs, and a purchase paid inside the
// spell that still arrives later gives the expired points back (expiry-restoration.server.ts).
const HOUR_MS = 3_600_000;

/** How long after it was paid a purchase may still arrive: Shopify's 48 h of retries, the hourly reconciliation, and margin. */
export const LATE_PURCHASE_GRACE_MS = 72 * HOUR_MS;

function monthsBefore(date: Date, months: number): Date {
  const result = new Date(date);
  result.setUTCMonth(result.getUTCMonth() - months);
  return result;
}

/** Points expire at `runAt` only for a member with no purchase paid after this moment. */
export function quietSince(runAt: Date, monthsWithoutPurchase: number): Date {
  return monthsBefore(new Date(runAt.getTime() - LATE_PURCHASE_GRACE_MS), monthsWithoutPurchase);
}

/** Whether a purchase paid at `paidAt` shows the member was not quiet when an expiry ran at `ranAt`. */
export function purchaseUndoesExpiry(paidAt: Date, ranAt: Date, monthsWithoutPurchase: number): boolean {
  return paidAt <= ranAt && paidAt > quietSince(ranAt, monthsWithoutPurchase);
}
