// What a waiting webhook delivery keeps once its customer was erased. Pure: the redaction reads and writes the rows.

export interface ErasedCustomer {
  /** Shopify's customer id, as digits. */
  id: string;
  /** Their normalized email, to recognise them where only the email names them; null when Shopify sent none. */
  emailKey: string | null;
}

/** The order fields that say who bought (the stored payloads are parsed by the topic's schema first). */
const ORDER_PERSONAL_FIELDS = ["customer", "email", "contact_email", "phone", "shipping_address", "billing_address"];

type Payload = Record<string, unknown>;

function isPayload(value: unknown): value is Payload {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function idOf(value: unknown): string | null {
  return typeof value === "string" || typeof value === "number" ? String(value) : null;
}

/**
 * The payload without what names the customer: an order of theirs (or one Shopify names) becomes a guest order;
 * an event about the customer alone leaves nothing to do. Refunds name no one.
 */
export function withoutCustomer(topic: string, payload: unknown, customer: ErasedCustomer, orderIds: readonly string[]): Payload | "unchanged" | "nothing_left" {
  if (!isPayload(payload)) return "unchanged";
  if (topic.startsWith("customers/")) return idOf(payload.id) === customer.id ? "nothing_left" : "unchanged";
  if (!topic.startsWith("orders/")) return "unchanged";
  const buyer = isPayload(payload.customer) ? idOf(payload.customer.id) : null;
  const theirs = buyer === customer.id || orderIds.includes(idOf(payload.id) ?? "");
  if (!theirs) return "unchanged";
  const kept: Payload = { ...payload };
  for (const field of ORDER_PERSONAL_FIELDS) delete kept[field];
  return kept;
}
