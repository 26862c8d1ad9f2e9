// Which of a shop's orders its history is read from: those paid in the 12 months before the run was asked for, the
// same span as the default tier window (docs/program.md), so a member's first tier is the one their spend earns.
// Orders paid later come through the webhooks, which are subscribed from the install on.

export const HISTORY_MONTHS = 12;

export function historyWindow(now: Date): { since: Date; until: Date } {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - HISTORY_MONTHS);
  return { since, until: new Date(now) };
}

/** A run's states: waiting for the job runner, waiting on Shopify's bulk read of customers or orders, finished. */
export type HistoryRunStatus = "queued" | "customers" | "orders" | "done" | "failed";

export const ACTIVE_HISTORY_STATUSES: readonly HistoryRunStatus[] = ["queued", "customers", "orders"];
