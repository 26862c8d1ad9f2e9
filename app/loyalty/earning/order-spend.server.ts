// An order's and a refund's eligible spend once the program names collections: which lines are products of an
// excluded collection (left out, and left out of the order's refunds the same way), and the spend per product a
// campaign on chosen collections counts its share from. Membership is read from collection_products, one
// statement per order, and only when the program names collections, so the settlement path asks nothing more of
// a program that names none (docs/decisions/042-bonus-campaigns-and-collections.md).
import type { TallyDatabase } from "~/db/database.server";
import { collectionsOfProducts } from "~/loyalty/collections/collection-store.server";
import { namedCollections } from "~/loyalty/collections/named-collections";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import type { OrderPayload } from "~/shopify-input/order-payload";
import type { RefundPayload } from "~/shopify-input/refund-payload";
import { eligibleLines, eligibleSpendMinor, refundedEligibleMinor, refundedShippingMinor, refundedTaxMinor } from "./eligible-spend";

export interface PaidOrderSpend {
  eligibleMinor: number;
  /** Eligible spend per product number; null when the program names no collection. */
  productSpend: Record<string, number> | null;
  /** Line item ids left out as products of an excluded collection; empty when none was. */
  excludedLines: string[];
  /** Whether shipping counted (earn.includeShipping when the order was paid): its refunds give shipping back only then. */
  shippingIncluded: boolean;
}

export async function paidOrderSpend(db: TallyDatabase, shop: string, rules: ProgramRules, order: OrderPayload): Promise<PaidOrderSpend> {
  const named = namedCollections(rules);
  const includeShipping = rules.earn.includeShipping === true;
  if (named.length === 0) return { eligibleMinor: eligibleSpendMinor(order, { includeShipping }), productSpend: null, excludedLines: [], shippingIncluded: includeShipping };
  const lines = eligibleLines(order);
  const products = [...new Set(lines.flatMap((line) => (line.productId ? [line.productId] : [])))];
  const membership = await collectionsOfProducts(db.sql, shop, named, products);
  const excluded = new Set(rules.earn.excludedCollectionIds);
  const isExcluded = (productId: string | null) => productId !== null && [...(membership.get(productId) ?? [])].some((id) => excluded.has(id));
  const excludedLines = lines.filter((line) => isExcluded(line.productId)).map((line) => line.lineId);
  const productSpend: Record<string, number> = {};
  for (const line of lines) {
    if (!line.productId || excludedLines.includes(line.lineId)) continue;
    productSpend[line.productId] = (productSpend[line.productId] ?? 0) + line.minor;
  }
  return { eligibleMinor: eligibleSpendMinor(order, { includeShipping, excludedLineIds: new Set(excludedLines) }), productSpend, excludedLines, shippingIncluded: includeShipping };
}

export interface RefundSpend {
  eligibleMinor: number;
  taxMinor: number;
  /** Shipping the refund gives back; it counts only for an order whose shipping counted (settlement decides). */
  shippingMinor: number;
}

/**
 * A refund's eligible lines: those its paid order counted. The order's own record of the lines it left out decides;
 * a refund that arrives before its order's payment is read with the collections as they are now, which is what the
 * payment, seconds later, will read too.
 */
export async function refundSpend(db: TallyDatabase, shop: string, rules: ProgramRules, refund: RefundPayload): Promise<RefundSpend> {
  const order = await db.sql.get<{ paid_at: unknown; excluded_lines: string | null }>("SELECT paid_at, excluded_lines FROM orders WHERE shop = ? AND order_id = ?", [
    shop,
    refund.order_id,
  ]);
  let excluded = new Set<string>();
  if (order && order.paid_at !== null) {
    excluded = new Set(order.excluded_lines ? (JSON.parse(order.excluded_lines) as string[]) : []);
  } else if (rules.earn.excludedCollectionIds.length > 0) {
    const products = [...new Set(refund.refund_line_items.flatMap((line) => (line.line_item.product_id ? [line.line_item.product_id] : [])))];
    const membership = await collectionsOfProducts(db.sql, shop, rules.earn.excludedCollectionIds, products);
    excluded = new Set(refund.refund_line_items.filter((line) => line.line_item.product_id && membership.has(line.line_item.product_id)).map((line) => line.line_item_id));
  }
  return { eligibleMinor: refundedEligibleMinor(refund, excluded), taxMinor: refundedTaxMinor(refund, excluded), shippingMinor: refundedShippingMinor(refund) };
}
