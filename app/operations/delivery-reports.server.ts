// What happens to a webhook delivery, told to the metrics and the log in one call from the intake and the
// worker, so they carry one line each. Log lines name the shop, the delivery (Shopify's webhook id) and the
// topic; never the payload.
import { log } from "./logger.server";
import { countDeliveryReceived, countDeliveryStored } from "./metrics.server";
import { threadCounts } from "./thread-counts.server";

export interface ReportedDelivery {
  id: string;
  shop: string;
  topic: string;
  receivedAt: Date;
  attempts?: number;
}

/** A request reached a queued topic's route (before its signature is checked). */
export function reportDeliveryReceived(topic: string): void {
  countDeliveryReceived(topic);
}

/** The intake stored the delivery (`stored`), or found it a redelivery or for a shop that is not installed. */
export function reportDeliveryTakenIn(delivery: ReportedDelivery, stored: boolean): void {
  if (stored) countDeliveryStored(delivery.topic);
  log().debug({ shop: delivery.shop, delivery: delivery.id, topic: delivery.topic, stored }, stored ? "delivery stored" : "delivery already received, or its shop is not installed");
}

/** The delivery's work committed; its wait is measured to now, the commit. */
export function reportDeliverySettled(delivery: ReportedDelivery): void {
  const committedAt = new Date();
  threadCounts().deliverySettled(delivery, committedAt);
  log().debug({ shop: delivery.shop, delivery: delivery.id, topic: delivery.topic, latencyMs: committedAt.getTime() - delivery.receivedAt.getTime() }, "delivery settled");
}

/** An attempt at the delivery's work failed; the queue retries it with backoff, or keeps it as failed for good. */
export function reportDeliveryFailed(delivery: ReportedDelivery, error: unknown): void {
  threadCounts().deliveryFailed(delivery);
  log().warn({ shop: delivery.shop, delivery: delivery.id, topic: delivery.topic, attempt: delivery.attempts, err: error }, "a delivery's work failed; the queue tries again later");
}
