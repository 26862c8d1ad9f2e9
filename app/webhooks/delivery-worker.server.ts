// Works through the delivery queue: one delivery at a time per process, so two events of one order are never
// settled at once by the same instance. Each delivery's work, and marking it done, is one unit of work: a failure
// leaves nothing of it, and it is retried with backoff (delivery-queue.server.ts,
// docs/decisions/020-a-delivery-is-one-transaction.md).
//
// The worker shares the app's one event loop with the webhook intake, and settling an order costs many times what
// taking in a delivery does. While deliveries arrive faster than it could settle them it therefore takes at most
// a tenth of the loop: Shopify gets its answers fast during a burst, and the queue, which is durable, is worked
// at full speed once the burst is over (docs/decisions/011-webhook-intake-ahead-of-remix.md).
import type { TallyDatabase } from "~/db/database.server";
import { createBurstDetector } from "./burst-detector";
import { applyDelivery } from "./delivery-handlers.server";
import { claimDueDeliveries, completeDelivery, failDelivery } from "~/queue/delivery-queue.server";
import { shopIsInstalled } from "./departed-shops.server";
import { reportDeliveryFailed, reportDeliverySettled } from "~/operations/delivery-reports.server";
import { log } from "~/operations/logger.server";

const BATCH = 50;
/** The share of the event loop the worker may take during a burst. */
const SHARE_DURING_BURST = 0.1;
// 200 deliveries per second: well above what one process settles (about 80 orders/s on SQLite, docs/performance.md).
const burst = createBurstDetector({ windowMs: 100, arrivals: 20, now: () => performance.now() });

/** Called by the intake for every delivery that reaches it. */
export function noteDeliveryArrived(): void {
  burst.arrived();
}

async function yieldToIntake(workedMs: number): Promise<void> {
  // Between two deliveries, always let waiting I/O run. On SQLite every database call resolves at once, so
  // without this the worker would go from one delivery to the next on promise callbacks alone and hold off
  // incoming requests (and so never see that a burst is on) until the queue was empty. Below a burst's rate,
  // this alone keeps a request's wait to at most one delivery's work.
  await new Promise((resolve) => setImmediate(resolve));
  if (!burst.burstOn()) return;
  const pauseMs = workedMs * (1 / SHARE_DURING_BURST - 1);
  await new Promise((resolve) => setTimeout(resolve, pauseMs));
}

export interface QueueRun {
  processed: number;
  failed: number;
}

/** Processes every delivery that is due now; returns when the queue has nothing due. */
export async function processDueDeliveries(db: TallyDatabase, clock: () => Date = () => new Date()): Promise<QueueRun> {
  const run = { processed: 0, failed: 0 };
  for (;;) {
    const claimed = await claimDueDeliveries(db, clock(), BATCH);
    if (claimed.length === 0) return run;
    for (const delivery of claimed) {
      const started = performance.now();
      try {
        if (await shopIsInstalled(db, delivery.shop)) {
          await applyDelivery(db, delivery, clock(), (tx) => completeDelivery(tx, delivery.id, clock()));
          reportDeliverySettled(delivery);
        } else {
          await completeDelivery(db, delivery.id, clock());
        }
        run.processed += 1;
      } catch (error) {
        await failDelivery(db, delivery, error, clock());
        reportDeliveryFailed(delivery, error);
        run.failed += 1;
      }
      await yieldToIntake(performance.now() - started);
    }
  }
}

let draining: Promise<void> | null = null;
let again = false;

/** Starts working through the queue soon after a webhook was stored, unless a drain is already running. */
export function kickDeliveryWorker(db: TallyDatabase): void {
  if (draining) {
    again = true;
    return;
  }
  draining = (async () => {
    await new Promise((resolve) => setImmediate(resolve));
    do {
      again = false;
      await processDueDeliveries(db);
    } while (again);
  })()
    .catch((error: unknown) => log().error({ err: error }, "the webhook queue stopped on an error; the job runner retries it"))
    .finally(() => {
      draining = null;
    });
}
