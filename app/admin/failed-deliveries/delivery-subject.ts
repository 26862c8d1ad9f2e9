// What a stored delivery is about, named by Shopify's ids only (never the customer's name, email or address): the
// failed deliveries page shows this, and the audit log keeps it. Ids are read from the payload's JSON text with
// their digits as written, since Shopify's exceed 2^53 and JSON.parse would round them.
import { parseShopifyJson } from "~/shopify-input/shopify-json";

export type DeliverySubject =
  | { kind: "order"; orderId: string; orderName: string | null }
  | { kind: "refund"; refundId: string; orderId: string | null }
  | { kind: "customer"; customerId: string }
  | { kind: "unknown" };

function idOf(value: unknown): string | null {
  if (typeof value === "string" && /^\d{1,20}$/.test(value)) return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return String(value);
  return null;
}

function parse(payload: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = parseShopifyJson(payload);
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
