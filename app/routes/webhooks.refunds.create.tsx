import { refundPayload } from "~/webhooks/payloads/refund-payload";
import { queueWebhook } from "~/webhooks/queue-webhook.server";

export const action = queueWebhook("refunds/create", refundPayload);
