// A webhook delivery as the queue keeps it: the topics Tally queues and what it stores of each. No imports, so the
// database layer (whose intake stores deliveries on the driver) and the queue can both name it without a cycle.

export const WEBHOOK_TOPICS = ["orders/paid", "orders/cancelled", "refunds/create", "customers/create", "customers/update"] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

export interface Delivery {
  id: string;
  shop: string;
  topic: WebhookTopic;
  payload: unknown;
  receivedAt: Date;
  /** When the worker may take it (`run_after`); when it was received, if not given. */
  dueAt?: Date;
}
