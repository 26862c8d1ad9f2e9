// Puts the orders of a history bulk read back together: each order's line, then its shipping lines, line items and
// refund line items, which Shopify writes as lines of their own after it, naming their parent in `__parentId` (the
// order, or for refund line items the refund). The result has the shape the reconciliation job reads
// (CompleteOrder), so app/jobs/reconciled-payloads.ts turns both into the same webhook payloads.
import type { z } from "zod";
import type { CompleteOrder } from "./recent-orders.server";
import type { RefundLineItem } from "./refund-line-items-query";
import type { RefundSummary } from "./refund-summary-fields";
import type { historyOrdersLine } from "./shop-history-bulk-queries";

export interface HistoryOrder {
  order: CompleteOrder;
  refunds: { refund: RefundSummary; lines: RefundLineItem[] }[];
}

type Line = z.output<typeof historyOrdersLine>;

export function assembleHistoryOrders(lines: readonly Line[]): HistoryOrder[] {
  const orders = new Map<string, HistoryOrder>();
  const refunds = new Map<string, RefundLineItem[]>();
  for (const line of lines) {
    if (line.__typename !== "Order") continue;
    const { __typename: _type, refunds: summaries, ...fields } = line;
    const order: CompleteOrder = { ...fields, shippingLines: { nodes: [] }, lineItems: [], refunds: summaries };
    const entry: HistoryOrder = { order, refunds: summaries.map((refund) => ({ refund, lines: [] })) };
    for (const refund of entry.refunds) refunds.set(refund.refund.id, refund.lines);
    orders.set(line.id, entry);
  }
  for (const line of lines) {
    if (line.__typename === "Order") continue;
    if (line.__typename === "RefundLineItem") {
      const { __typename: _type, __parentId: parent, ...item } = line;
      const owner = refunds.get(parent);
      if (!owner) throw new Error(`a refund line item names ${parent}, which is no refund of the orders read`);
      owner.push(item);
      continue;
    }
    const order = orders.get(line.__parentId)?.order;
    if (!order) throw new Error(`a ${line.__typename} names ${line.__parentId}, which is no order read`);
    if (line.__typename === "ShippingLine") order.shippingLines.nodes.push({ taxLines: line.taxLines });
    else {
      const { __typename: _type, __parentId: _parent, ...item } = line;
      order.lineItems.push(item);
    }
  }
  return [...orders.values()];
}
