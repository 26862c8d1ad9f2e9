// Turns Shopify's order and refund payloads into the amounts Tally's rules work with, in the shop's currency
// (shop_money), whatever currency the shopper paid in.
import { toMinorUnits } from "~/money/money";
import type { OrderPayload } from "~/shopify-input/order-payload";
import type { RefundPayload } from "~/shopify-input/refund-payload";

/**
 * Tax included in the order's subtotal: none when prices exclude tax (Shopify adds it on top), otherwise the
 * order's current tax less what was charged on shipping, which the subtotal does not contain.
 */
function taxInSubtotalMinor(order: OrderPayload, currency: string): number {
  if (!order.taxes_included || !order.current_total_tax_set) return 0;
  const total = toMinorUnits(order.current_total_tax_set.shop_money.amount, currency);
  const onShipping = order.shipping_lines
    .flatMap((line) => line.tax_lines)
    .reduce((sum, tax) => sum + toMinorUnits(tax.price_set.shop_money.amount, currency), 0);
  return Math.max(0, total - onShipping);
}

/** A line's amount after its discounts, in the shop's currency, for the quantity still on the order. */
function lineAmountMinor(line: OrderPayload["line_items"][number], currency: string): number {
  const quantity = line.current_quantity ?? line.quantity;
  const discounts = line.discount_allocations.reduce((sum, d) => sum + toMinorUnits(d.amount_set.shop_money.amount, currency), 0);
  return toMinorUnits(line.price_set.shop_money.amount, currency) * quantity - discounts;
}

/** The tax a line's price holds on a shop whose prices include it, for the quantity still on the order. */
function lineTaxMinor(line: OrderPayload["line_items"][number], currency: string): number {
  const tax = line.tax_lines.reduce((sum, t) => sum + toMinorUnits(t.price_set.shop_money.amount, currency), 0);
  const quantity = line.current_quantity ?? line.quantity;
  return line.quantity > 0 ? Math.floor((tax * quantity) / line.quantity) : 0;
}

/** One line that earns: gift cards never do. `productId` is null for a custom line. */
export interface EligibleLine {
  lineId: string;
  productId: string | null;
  /** After discounts and, on a shop whose prices include tax, before tax. */
  minor: number;
}

/** The order's lines that can earn (every line but gift cards), each with its spend. */
export function eligibleLines(order: OrderPayload): EligibleLine[] {
  const currency = order.current_subtotal_price_set.shop_money.currency_code;
  return order.line_items
    .filter((line) => !line.gift_card)
    .map((line) => ({
      lineId: line.id,
      productId: line.product_id ?? null,
      minor: Math.max(0, lineAmountMinor(line, currency) - (order.taxes_included ? lineTaxMinor(line, currency) : 0)),
    }));
}

/**
 * Shipping as eligible spend: each line's price after shipping discounts, less the tax on it when the shop's prices
 * include tax (then shipping prices include it too).
 */
export function shippingSpendMinor(order: OrderPayload): number {
  const currency = order.current_subtotal_price_set.shop_money.currency_code;
  return order.shipping_lines.reduce((sum, line) => {
    const price = line.discounted_price_set ?? line.price_set;
    if (!price) return sum;
    const tax = order.taxes_included ? line.tax_lines.reduce((taxes, t) => taxes + toMinorUnits(t.price_set.shop_money.amount, currency), 0) : 0;
    return sum + Math.max(0, toMinorUnits(price.shop_money.amount, currency) - tax);
  }, 0);
}

/**
 * Eligible spend (docs/program.md): current subtotal, after discounts, before shipping and tax, less gift cards and
 * less the lines named in `excludedLineIds` (products of excluded collections). On a shop whose prices include tax
 * the subtotal includes it, so the tax is taken out. A program that includes shipping (earn.includeShipping) adds
 * it, after its discounts and before tax.
 */
export function eligibleSpendMinor(order: OrderPayload, options: { includeShipping?: boolean; excludedLineIds?: ReadonlySet<string> } = {}): number {
  const currency = order.current_subtotal_price_set.shop_money.currency_code;
  const subtotal = toMinorUnits(order.current_subtotal_price_set.shop_money.amount, currency);
  let giftCards = 0;
  for (const line of order.line_items) if (line.gift_card) giftCards += lineAmountMinor(line, currency);
  // An excluded line's tax is part of the order's tax, taken out below already: only its amount before tax goes.
  const excludedLineIds = options.excludedLineIds ?? new Set<string>();
  const excluded = eligibleLines(order)
    .filter((line) => excludedLineIds.has(line.lineId))
    .reduce((sum, line) => sum + line.minor, 0);
  const shipping = options.includeShipping ? shippingSpendMinor(order) : 0;
  return Math.max(0, subtotal - taxInSubtotalMinor(order, currency) - giftCards - excluded) + shipping;
}

/**
 * What a refund gives back, from its refunded line items, gift cards, shipping and `excludedLineIds` excluded: the
 * lines' subtotals. On a shop whose prices include tax those include the tax (refundedTaxMinor); a refund does not
 * say which kind of shop it comes from, so settlement takes the tax out when the order's `taxes_included` says so.
 */
export function refundedEligibleMinor(refund: RefundPayload, excludedLineIds: ReadonlySet<string> = new Set()): number {
  return refund.refund_line_items
    .filter((line) => !line.line_item.gift_card && !excludedLineIds.has(line.line_item_id))
    .reduce((sum, line) => sum + toMinorUnits(line.subtotal_set.shop_money.amount, line.subtotal_set.shop_money.currency_code), 0);
}

/** The tax on a refund's refunded line items (gift cards and `excludedLineIds` excluded), in the shop's currency. */
export function refundedTaxMinor(refund: RefundPayload, excludedLineIds: ReadonlySet<string> = new Set()): number {
  return refund.refund_line_items
    .filter((line) => !line.line_item.gift_card && !excludedLineIds.has(line.line_item_id) && line.total_tax_set)
    .reduce((sum, line) => sum + (line.total_tax_set ? toMinorUnits(line.total_tax_set.shop_money.amount, line.total_tax_set.shop_money.currency_code) : 0), 0);
}

/** Shipping a refund gives back (its "shipping_refund" adjustments, before tax), in the shop's currency. */
export function refundedShippingMinor(refund: RefundPayload): number {
  return refund.order_adjustments
    .flatMap((adjustment) => (adjustment.kind === "shipping_refund" && adjustment.amount_set ? [adjustment.amount_set.shop_money] : []))
    .reduce((sum, money) => sum + toMinorUnits(money.amount.replace(/^-/, ""), money.currency_code), 0);
}
