// The reconciliation job's page of orders updated since its cursor, with what the orders/paid and
// orders/cancelled webhooks would have carried. Page sizes keep the requested cost under Shopify's 1,000-point
// limit per query (2 + 10 orders × about 80); an order with more line items or refunds than fit here is completed
// by ORDER_LINE_ITEMS_QUERY and ORDER_REFUNDS_QUERY.
import { z } from "zod";
import { MONEY_BAG_FIELDS, shopMoneyBag } from "./money-bag";
import { PAGE_INFO_FIELDS, pageInfo } from "./page-info";
import { RECONCILED_LINE_ITEM_FIELDS, reconciledLineItem } from "./reconciled-line-item-fields";
import { REFUND_SUMMARY_FIELDS, refundSummary } from "./refund-summary-fields";

export const ORDERS_PER_PAGE = 10;
export const LINE_ITEMS_PER_ORDER = 10;
export const REFUNDS_PER_ORDER = 10;
/**
 * An order has one shipping line per delivery method, almost always one; their tax is not in the subtotal. Three
 * keeps the page's cost under the limit; tax on a fourth would be counted as the items' (earning slightly less).
 */
export const SHIPPING_LINES_PER_ORDER = 3;

export const RECENT_ORDERS_QUERY = `#graphql
  query RecentOrders($query: String!, $after: String) {
    orders(first: ${ORDERS_PER_PAGE}, after: $after, query: $query, sortKey: UPDATED_AT) {
      ${PAGE_INFO_FIELDS}
      nodes {
        id
        legacyResourceId
        email
        test
        createdAt
        processedAt
        updatedAt
        cancelledAt
        displayFinancialStatus
        currencyCode
        discountCodes
        customAttributes { key value }
        subtotalPriceSet { ${MONEY_BAG_FIELDS} }
        currentSubtotalPriceSet { ${MONEY_BAG_FIELDS} }
        taxesIncluded
        totalTaxSet { ${MONEY_BAG_FIELDS} }
        shippingLines(first: ${SHIPPING_LINES_PER_ORDER}) { nodes { taxLines { priceSet { ${MONEY_BAG_FIELDS} } } } }
        customer {
          legacyResourceId
          firstName
          lastName
          state
          defaultEmailAddress { emailAddress }
        }
        shippingAddress { address1 address2 city zip provinceCode countryCodeV2 }
        lineItems(first: ${LINE_ITEMS_PER_ORDER}) {
          ${PAGE_INFO_FIELDS}
          nodes { ...ReconciledLineItem }
        }
        refunds(first: ${REFUNDS_PER_ORDER}) { ...RefundSummary }
      }
    }
  }
  ${RECONCILED_LINE_ITEM_FIELDS}
  ${REFUND_SUMMARY_FIELDS}
`;

export const recentOrder = z.object({
  id: z.string(),
  legacyResourceId: z.string().regex(/^\d+$/),
  email: z.string().nullable(),
  test: z.boolean(),
  createdAt: z.string(),
  processedAt: z.string(),
  updatedAt: z.string(),
  cancelledAt: z.string().nullable(),
  displayFinancialStatus: z.string().nullable(),
  currencyCode: z.string().regex(/^[A-Z]{3}$/),
  discountCodes: z.array(z.string()),
  customAttributes: z.array(z.object({ key: z.string(), value: z.string().nullable() })),
  subtotalPriceSet: shopMoneyBag.nullable(),
  currentSubtotalPriceSet: shopMoneyBag,
  taxesIncluded: z.boolean(),
  // The tax before returns, as orders/paid describes the order as paid; on shipping too, which the subtotal lacks.
  totalTaxSet: shopMoneyBag.nullable(),
  shippingLines: z.object({ nodes: z.array(z.object({ taxLines: z.array(z.object({ priceSet: shopMoneyBag })) })) }),
  customer: z
    .object({
      legacyResourceId: z.string().regex(/^\d+$/),
      firstName: z.string().nullable(),
      lastName: z.string().nullable(),
      state: z.string(),
      defaultEmailAddress: z.object({ emailAddress: z.string() }).nullable(),
    })
    .nullable(),
  shippingAddress: z
    .object({
      address1: z.string().nullable(),
      address2: z.string().nullable(),
      city: z.string().nullable(),
      zip: z.string().nullable(),
      provinceCode: z.string().nullable(),
      countryCodeV2: z.string().nullable(),
    })
    .nullable(),
  lineItems: z.object({ pageInfo, nodes: z.array(reconciledLineItem) }),
  refunds: z.array(refundSummary),
});

export type RecentOrder = z.infer<typeof recentOrder>;

export const recentOrdersData = z.object({
  orders: z.object({ pageInfo, nodes: z.array(recentOrder) }),
});

export type RecentOrdersData = z.infer<typeof recentOrdersData>;
