// How the webhook queue is doing, for operators (GET /healthz, `npm run jobs`): how many deliveries wait, how
// long the oldest has waited, and how many failed for good (kept with their error until someone retries them).
// Counts only: no shop, customer or payload.
import type { TallyDatabase } from "~/db/database.server";

export interface QueueHealth {
  queued: number;
  failed: number;
  /** Seconds since the oldest queued delivery was received; null when none is queued. */
  oldestQueuedSeconds: number | null;
}

export async function queueHealth(db: TallyDatabase, now: Date): Promise<QueueHealth> {
  const queued = await db.read.webhookDelivery.aggregate({ where: { status: "queued" }, _count: { _all: true }, _min: { receivedAt: true } });
  const failed = await db.read.webhookDelivery.count({ where: { status: "failed" } });
  const oldest = queued._min.receivedAt;
  return {
    queued: queued._count._all,
    failed,
    oldestQueuedSeconds: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 1000)) : null,
  };
}
