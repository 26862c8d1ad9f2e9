// How long one job may keep working through its queue in a job run. Runs come a minute apart
// (app/jobs/job-runner.server.ts), and a job that took one batch a run fell behind any burst: 50 emails, 50 Flow
// triggers and 50 outgoing webhooks a minute for the whole deployment, 500 feed events a minute per shop. After a
// sale of 3,000 orders, the last "points earned" email went an hour later. A job now takes batch after batch
// while they come back full, for up to its share of the run; a batch after the first waits for settlement first,
// as every background turn does (docs/decisions/057-the-job-run-goes-after-the-queue.md), so the queue still goes
// first (docs/decisions/065-a-job-run-works-through-its-queues.md).
import { afterSettlement } from "./settlement-first.server";

/** A job's share of one run: with the feed and three senders, a run under load stays within its minute. */
export const JOB_SHARE_MS = 10_000;

/**
 * Runs `batch` (one batch of a job's work; true when it was full, so that more may wait) again and again until one
 * is not full or the job's share of the run is spent.
 */
export async function workWhileFull(batch: () => Promise<boolean>, shareMs = JOB_SHARE_MS): Promise<void> {
  const until = performance.now() + shareMs;
  for (let first = true; ; first = false) {
    if (!first) await afterSettlement();
    if (!(await batch())) return;
    if (performance.now() >= until) return;
  }
}

/**
 * A sender's run: `batch` claims at most `size` items, tries each, and says how many it claimed, how many went
 * (sent, or skipped with nothing left to send: the member unsubscribed, the customer's data erased, so that they
 * left the queue for good) and how many of its lanes stopped on a far side that is down (send-lanes.ts). Another
 * batch follows while the last was full and something in it went, or a lane stopped: the next claim leaves that
 * lane out, so it reaches other shops' items. A claim leases what it takes past the run's clock and a failure is
 * due again only after its backoff, so no item goes twice in a run; a batch that all failed (the far side down, a
 * shop without a session) leaves the rest for the next run.
 */
export function sendInBatches(size: number, batch: () => Promise<{ claimed: number; went: number; stopped: number }>): Promise<void> {
  return workWhileFull(async () => {
    const { claimed, went, stopped } = await batch();
    return claimed === size && (went > 0 || stopped > 0);
  });
}
