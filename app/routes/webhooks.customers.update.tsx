import { customerPayload } from "~/webhooks/payloads/customer-payload";
import { queueWebhook } from "~/webhooks/queue-webhook.server";

export const action = queueWebhook("customers/update", customerPayload);
