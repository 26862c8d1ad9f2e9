// The sender: due deliveries are claimed, posted signed, and marked delivered, retried with backoff
// (retry-schedule.ts) or failed. It runs from the job runner, never on a webhook's or a settlement's path.
import type { TallyDatabase } from "~/db/database.server";
import type { ReportJobFailure } from "~/loyalty/job-failures";
import { claimDueWebhookDeliveries, markAttemptFailed, WEBHOOK_DELIVERY_LEASE_MS, markDelivered, markSkipped, putBackUntriedDeliveries, toEndpoint, type ClaimedWebhookDelivery } from "./endpoint-store.server";
import { postWebhook } from "./post-webhook.server";
import { nextAttemptAt } from "./retry-schedule";
import type { TargetPolicy } from "./target-policy";
import { endpointSecret, webhookSignature } from "./webhook-signature";
import { runClockFrom, sendInLaneBatches, type RunClock } from "~/operations/job-share.server";

export interface WebhookSending {
  /** The key endpoint secrets are derived from (the app's secret). */
  signingKey: string;
  policy: TargetPolicy;
}

const BATCH = 50;
/** Eight posts at once, all to one endpoint if it is the only one with deliveries due. */
const LANES = { atOnce: 8, perLane: 8 };

export interface SendRun {
  delivered: number;
  failed: number;
}

/** The JSON body of a delivery (docs/outgoing-webhooks.md). */
export function deliveryBody(event: { id: string; type: string; shop: string; occurredAt: Date; payload: string }): string {
  return `{"id":${JSON.stringify(event.id)},"type":${JSON.stringify(event.type)},"shop":${JSON.stringify(event.shop)},"occurredAt":${JSON.stringify(event.occurredAt.toISOString())},"data":${event.payload}}`;
}

/** Posts one claimed delivery and records how it went; "skipped" when there was nothing left to post. */
async function sendOne(db: TallyDatabase, delivery: ClaimedWebhookDelivery, now: Date, sending: WebhookSending): Promise<"delivered" | "skipped" | { failed: string }> {
  const [endpointRow, event] = await Promise.all([
    db.read.webhookEndpoint.findUnique({ where: { id: delivery.endpointId } }),
    db.read.loyaltyEvent.findUnique({ where: { id: delivery.eventId } }),
  ]);
  if (!endpointRow || !endpointRow.enabled) {
    await markSkipped(db.prisma, delivery.id, "The endpoint was disabled before the event went.");
    return "skipped";
  }
  if (!event || event.payload === null) {
    await markSkipped(db.prisma, delivery.id, "The customer's data was erased.");
    return "skipped";
  }
  const endpoint = toEndpoint(endpointRow);
  const body = deliveryBody({ ...event, payload: event.payload });
  const timestamp = Math.floor(now.getTime() / 1000);
  const secret = endpointSecret(sending.signingKey, endpoint.id, endpoint.secretSalt);
  const outcome = await postWebhook(
    endpoint.url,
    {
      "content-type": "application/json",
      "user-agent": "Tally-Webhooks/1",
      "tally-event-id": event.id,
      "tally-event-type": event.type,
      "tally-timestamp": String(timestamp),
      "tally-signature": `sha256=${webhookSignature(secret, timestamp, body)}`,
      "tally-delivery-attempt": String(delivery.attempts),
    },
    body,
    sending.policy,
  );
  if (outcome.ok) {
    await markDelivered(db.prisma, delivery.id, outcome.status, now);
    return "delivered";
  }
  await markAttemptFailed(db.prisma, delivery.id, outcome, nextAttemptAt(delivery.attempts, now, delivery.giveUpAt));
  return { failed: outcome.error };
}

export async function sendDueWebhooks(db: TallyDatabase, now: Date, sending: WebhookSending, report: ReportJobFailure, clock: RunClock = runClockFrom(now)): Promise<SendRun> {
  const run: SendRun = { delivered: 0, failed: 0 };
  // One lane per endpoint (send-lanes.ts): an endpoint that fails, or takes its 10 s to time out, holds back its
  // own deliveries, not other endpoints'.
  await sendInLaneBatches<ClaimedWebhookDelivery>(BATCH, {
    claim: (size, failing, at) => claimDueWebhookDeliveries(db.prisma, at, size, failing),
    laneOf: (delivery) => delivery.endpointId,
    async send(delivery) {
      try {
        const outcome = await sendOne(db, delivery, now, sending);
        if (outcome === "delivered") run.delivered += 1;
        if (typeof outcome === "string") return "went";
        run.failed += 1;
        // The endpoint answered with an error or not at all: its next delivery would meet the same.
        return { farSideDown: outcome.failed };
      } catch (error) {
        report({ job: "outgoing webhooks", shop: delivery.shop, item: delivery.id }, error);
        return "failed";
      }
    },
    limits: LANES,
    leaseMs: WEBHOOK_DELIVERY_LEASE_MS,
    clock,
    putBack: (untried, error) => putBackUntriedDeliveries(db.prisma, untried, now, error),
  });
  return run;
}
