// The shape of every order and customer webhook route: verify, parse, store durably, answer 200. The work runs
// after the answer, from the queue (docs/decisions/007-webhook-queue.md).
import type { ActionFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { db } from "~/db/db.server";
import { env } from "~/env.server";
import { enqueueDelivery, type WebhookTopic } from "./delivery-queue.server";
import { kickDeliveryWorker } from "./delivery-worker.server";
import { receiveWebhook } from "./receive-webhook.server";

export function queueWebhook(topic: WebhookTopic, schema: z.ZodType) {
  return async ({ request }: ActionFunctionArgs) => {
    const { shop, webhookId, payload } = await receiveWebhook(request, schema);
    const database = db();
    await enqueueDelivery(database, { id: webhookId, shop, topic, payload, receivedAt: new Date() });
    if (env().backgroundJobs) kickDeliveryWorker(database);
    return new Response(null, { status: 200 });
  };
}
