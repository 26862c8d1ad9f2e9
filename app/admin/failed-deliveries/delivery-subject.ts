// What a stored delivery is about, named by Shopify's ids only (never the customer's name, email or address): the
// failed deliveries page shows this, and the audit log keeps it. Ids are read from the payload's JSON text with
// their digits as written, since Shopify's exceed 2^53 and JSON.parse would round them.

export type DeliverySubject =
  | { kind: "order"; orderId: string; orderName: string | null }
  | { kind: "refund"; refundId: string; orderId: string | null }
  | { kind: "customer"; customerId: string }
  | { kind: "unknown" };

const ID_KEYS = new Set(["id", "order_id"]);

type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;

/** Node 22 hands a reviver each number's source text: ids keep every digit. */
const keepIdDigits: Reviver = (key, value, context) => (ID_KEYS.has(key) && typeof value === "number" && context?.source ? context.source : value);

function idOf(value: unknown): string | null {
  if (typeof value === "string" && /^\d{1,20}$/.test(value)) return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return String(value);
  return null;
}

function parse(payload: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(payload, keepIdDigits as (key: string, value: unknown) => unknown);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A payload already pruned (null: the delivery was applied) names nothing. */
export function deliverySubject(topic: string, payload: string | null): DeliverySubject {
  const body = payload === null ? null : parse(payload);
  const id = idOf(body?.id);
  if (!body || !id) return { kind: "unknown" };
  if (topic.startsWith("orders/")) {
    const name = typeof body.name === "string" && /^[#\w-]{1,40}$/.test(body.name) ? body.name : null;
    return { kind: "order", orderId: id, orderName: name };
  }
  if (topic === "refunds/create") return { kind: "refund", refundId: id, orderId: idOf(body.order_id) };
  if (topic.startsWith("customers/")) return { kind: "customer", customerId: id };
  return { kind: "unknown" };
}
