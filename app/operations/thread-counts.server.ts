// Where a thread's work is counted. The main thread keeps the metrics /metrics serves; the settlement thread,
// which settles deliveries and runs the background jobs (docs/decisions/052-settlement-beside-the-intake.md,
// 053-background-jobs-beside-the-intake.md), sends its counts there instead (app/webhooks/settlement-thread.server.ts).
import { countDeliveryFailed, countDeliverySettled, countJobFailure, countJobRun, countJobRunnerCompleted, type MetricsDelivery } from "./metrics.server";

export interface ThreadCounts {
  deliverySettled(delivery: MetricsDelivery, committedAt: Date): void;
  deliveryFailed(delivery: MetricsDelivery): void;
  jobRun(job: string): void;
  jobFailure(job: string): void;
  jobRunnerCompleted(): void;
}

const inThisThread: ThreadCounts = {
  deliverySettled: countDeliverySettled,
  deliveryFailed: countDeliveryFailed,
  jobRun: countJobRun,
  jobFailure: countJobFailure,
  jobRunnerCompleted: () => countJobRunnerCompleted(),
};

let counts: ThreadCounts = inThisThread;

/** From now on this thread's counts go to `next` (the settlement thread: to the main thread). */
export function countWith(next: ThreadCounts): void {
  counts = next;
}

export function threadCounts(): ThreadCounts {
  return counts;
}
