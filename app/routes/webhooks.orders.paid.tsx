import { orderPayload } from "~/webhooks/payloads/order-payload";
import { queueWebhook } from "~/webhooks/queue-webhook.server";

export const action = queueWebhook("orders/paid", orderPayload);
