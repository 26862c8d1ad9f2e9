// How long one job may keep working through its queue in a job run. Runs come a minute apart
// (app/jobs/job-runner.server.ts), and a job that took one batch a run fell behind any burst: 50 emails, 50 Flow
// triggers and 50 outgoing webhooks a minute for the whole deployment, 500 feed events a minute per shop. After a
// sale of 3,000 orders, the last "points earned" email went an hour later. A job now takes batch after batch
// while they come back full, for up to its share of the run; a batch after the first waits for settlement first,
// as every background turn does (docs/decisions/057-the-job-run-goes-after-the-queue.md), so the queue still goes
// first (docs/decisions/065-a-job-run-works-through-its-queues.md).
import { afterSettlement } from "./settlement-first.server";
import { sendInLanes, type LaneLimits, type LaneResult } from "./send-lanes";

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

/** The run's clock moving on with the wall: the run's `now` when it began, later by as much time as has passed. */
export type RunClock = () => Date;

export function runClockFrom(now: Date): RunClock {
  const began = performance.now();
  return () => new Date(now.getTime() + Math.floor(performance.now() - began));
}

/** How a sender works its queue: what it claims, how it tells lanes apart, sends one item, and puts items back. */
export interface LaneSender<T> {
  /**
   * Claims at most `size` items due at `at`, leased for `leaseMs` from `at`, none of the lanes in `down` (found
   * down in this run).
   */
  claim: (size: number, down: readonly string[], at: Date) => Promise<T[]>;
  laneOf: (item: T) => string;
  send: (item: T) => Promise<LaneResult>;
  limits: LaneLimits;
  /** How long a claim is the sender's before another sender may take its items over. */
  leaseMs: number;
  clock: RunClock;
  /**
   * Returns untried items to the queue as they were before the claim: a stopped lane's with its far side's `error`,
   * which fails for good those past their last try; those the lease left no time for with `null`, which fails none.
   */
  putBack: (untried: T[], error: string | null) => Promise<void>;
}

/**
 * A sender's run: batch after batch of at most `size` items, each worked in lanes (send-lanes.ts). Another batch
 * follows while the last was full and something in it went (sent, or skipped with nothing left to send: the member
 * unsubscribed, the customer's data erased), or a lane stopped on a far side that is down: that lane's untried
 * items go back, and the run's later claims leave it out, so they reach other shops' items. A claim leases what it
 * takes past the run's clock and a failure is due again only after its backoff, so no item goes twice in a run; a
 * batch that all failed alone (the far side down, a shop without a session) leaves the rest for the next run.
 *
 * Nothing starts once half the claim's lease has passed: a slow far side (an SMTP server that takes its 20 s for
 * each of a shop's 50 emails, sent one at a time) would otherwise still be sending after the lease ended, when
 * another instance's run may claim the same items and send them again. What the lanes had not started goes back
 * as it was, and the sender's run ends there; the half left covers the sends already under way.
 */
export function sendInLaneBatches<T>(size: number, sender: LaneSender<T>): Promise<void> {
  const down: string[] = [];
  return workWhileFull(async () => {
    const at = sender.clock();
    const startBy = at.getTime() + sender.leaseMs / 2;
    const claimed = await sender.claim(size, down, at);
    const { went, stopped, unstarted } = await sendInLanes(claimed, sender.laneOf, sender.send, sender.limits, () => sender.clock().getTime() < startBy);
    for (const { lane, untried, error } of stopped) {
      down.push(lane);
      await sender.putBack(untried, error);
    }
    if (unstarted.length > 0) {
      await sender.putBack(unstarted, null);
      return false;
    }
    return claimed.length === size && (went > 0 || stopped.length > 0);
  });
}
