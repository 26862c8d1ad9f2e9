// Orders as the Admin GraphQL API returns them (field names, enums, gids of the 2026-04 schema), for scenarios
// of the Admin API stand-in. Only what a test states differs from a plain paid order of one 30.00 line.

export interface AdminMoney {
  shopMoney: { amount: string; currencyCode: string };
  presentmentMoney: { amount: string; currencyCode: string };
}

export function money(amount: string, currencyCode = "USD"): AdminMoney {
  return { shopMoney: { amount, currencyCode }, presentmentMoney: { amount, currencyCode } };
}

export interface LineSpec {
  id: number;
  unitPrice: string;
  quantity?: number;
  giftCard?: boolean;
  discount?: string;
}

export interface RefundSpec {
  id: number;
  createdAt: string;
  lines: { id: number; lineItemId: number; quantity: number; subtotal: string; tax?: string; giftCard?: boolean }[];
}

export interface OrderSpec {
  id: number;
  updatedAt: string;
  createdAt?: string;
  financialStatus?: string | null;
  cancelledAt?: string | null;
  subtotal: string;
  currentSubtotal?: string;
  customerId?: number | null;
  email?: string | null;
  test?: boolean;
  discountCodes?: string[];
  attributes?: { key: string; value: string | null }[];
  lines: LineSpec[];
  refunds?: RefundSpec[];
  /** Prices include tax (most EU, UK and Australian shops); `tax` is the order's, `shippingTax` the part on shipping. */
  taxesIncluded?: boolean;
  tax?: string;
  shippingTax?: string;
}

function lineItem(line: LineSpec) {
  return {
    id: `gid://shopify/LineItem/${line.id}`,
    name: `Line ${line.id}`,
    quantity: line.quantity ?? 1,
    currentQuantity: line.quantity ?? 1,
    isGiftCard: line.giftCard ?? false,
    originalUnitPriceSet: money(line.unitPrice),
    discountAllocations: line.discount ? [{ allocatedAmountSet: money(line.discount) }] : [],
  };
}

export function adminOrder(spec: OrderSpec) {
  const createdAt = spec.createdAt ?? spec.updatedAt;
  const customerId = spec.customerId === undefined ? 1 : spec.customerId;
  const email = spec.email === undefined ? (customerId === null ? null : `shopper${customerId}@example.com`) : spec.email;
  const lines = new Map(spec.lines.map((line) => [line.id, lineItem(line)]));
  return {
    id: `gid://shopify/Order/${spec.id}`,
    legacyResourceId: String(spec.id),
    name: `#${spec.id}`,
    email,
    test: spec.test ?? false,
    createdAt,
    processedAt: createdAt,
    updatedAt: spec.updatedAt,
    cancelledAt: spec.cancelledAt ?? null,
    displayFinancialStatus: spec.financialStatus === undefined ? "PAID" : spec.financialStatus,
    currencyCode: "USD",
    discountCodes: spec.discountCodes ?? [],
    customAttributes: spec.attributes ?? [],
    subtotalPriceSet: money(spec.subtotal),
    currentSubtotalPriceSet: money(spec.currentSubtotal ?? spec.subtotal),
    taxesIncluded: spec.taxesIncluded ?? false,
    totalTaxSet: money(spec.tax ?? "0.00"),
    shippingLines: spec.shippingTax ? [{ taxLines: [{ priceSet: money(spec.shippingTax) }] }] : [],
    customer:
      customerId === null
        ? null
        : {
            id: `gid://shopify/Customer/${customerId}`,
            legacyResourceId: String(customerId),
            firstName: "Shopper",
            lastName: String(customerId),
            state: "ENABLED",
            defaultEmailAddress: email ? { emailAddress: email } : null,
          },
    shippingAddress: { address1: "1 Main St", address2: null, city: "Springfield", zip: "12345", provinceCode: "IL", countryCodeV2: "US" },
    lineItems: [...lines.values()],
    refunds: (spec.refunds ?? []).map((refund) => ({
      id: `gid://shopify/Refund/${refund.id}`,
      legacyResourceId: String(refund.id),
      createdAt: refund.createdAt,
      processedAt: refund.createdAt,
      refundLineItems: refund.lines.map((line) => ({
        id: `gid://shopify/RefundLineItem/${line.id}`,
        quantity: line.quantity,
        lineItem: lines.get(line.lineItemId) ?? lineItem({ id: line.lineItemId, unitPrice: line.subtotal, giftCard: line.giftCard ?? false }),
        subtotalSet: money(line.subtotal),
        totalTaxSet: money(line.tax ?? "0.00"),
      })),
    })),
  };
}
