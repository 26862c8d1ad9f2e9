// When points count as unused long enough to expire. Shopify retries a webhook for 48 hours and the order
// reconciliation finds missed orders within the hour, so a purchase can reach Tally up to about two days after it
// was paid. Expiry waits that long past the end of the quiet spell before it runs, and a purchase paid inside the
// spell that still arrives later gives the expired points back (expiry-restoration.server.ts, by purchaseUndoesExpiry
// in expiry-clock.ts).
const HOUR_MS = 3_600_000;

/** How long after it was paid a purchase may still arrive: Shopify's 48 h of retries, the hourly reconciliation, and margin. */
export const LATE_PURCHASE_GRACE_MS = 72 * HOUR_MS;
