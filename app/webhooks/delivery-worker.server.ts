// Works through the delivery queue: one delivery at a time per process, so two events of one order are never
// settled at once by the same instance. Failures are retried with backoff (delivery-queue.server.ts).
import type { TallyDatabase } from "~/db/database.server";
import { deliveryHandlers } from "./delivery-handlers.server";
import { claimDueDeliveries, completeDelivery, failDelivery } from "./delivery-queue.server";

const BATCH = 50;

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
      try {
        await deliveryHandlers[delivery.topic](db, delivery.shop, delivery.payload, clock());
        await completeDelivery(db, delivery.id, clock());
        run.processed += 1;
      } catch (error) {
        await failDelivery(db, delivery, error, clock());
        run.failed += 1;
      }
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
    .catch((error: unknown) => console.error("Tally: the webhook queue stopped on an error; the job runner retries it.", error))
    .finally(() => {
      draining = null;
    });
}
