// What Tally reads of a shop's history on install (docs/decisions/046-shop-history-on-install.md): every customer,
// and the orders of the last 12 months with what orders/paid and refunds/create would have carried. Each is the
// `query` of a bulk operation, so it has no variables and no page sizes: Shopify walks every connection and writes
// one JSONL line per object, a nested connection's objects carrying their parent's id in `__parentId`. Each node
// asks for __typename so that lines are told apart by what they are, not by their shape. Shopify allows five
// connections, two levels deep; test/shopify-admin/documents.test.ts holds both to that and to the schema.
import { z } from "zod";
import { MONEY_BAG_FIELDS, shopMoneyBag } from "./money-bag";

export const HISTORY_CUSTOMERS_BULK_QUERY = `#graphql
  query TallyHistoryCustomers {
    customers {
      edges {
        node {
          __typename
          id
          legacyResourceId
          firstName
          lastName
          state
          defaultEmailAddress { emailAddress }
        }
      }
    }
  }
`;

/** The search the orders query is written with; historyOrdersBulkQuery puts the run's window in its place. */
const SEARCH_PLACEHOLDER = "created_at:>=2000-01-01";

export const HISTORY_ORDERS_BULK_QUERY = `#graphql
  query TallyHistoryOrders {
    orders(query: "${SEARCH_PLACEHOLDER}", sortKey: CREATED_AT) {
      edges {
        node {
          __typename
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
          customer {
            legacyResourceId
            firstName
            lastName
            state
            defaultEmailAddress { emailAddress }
          }
          shippingAddress { address1 address2 city zip provinceCode countryCodeV2 }
          shippingLines { edges { node { __typename taxLines { priceSet { ${MONEY_BAG_FIELDS} } } } } }
          lineItems {
            edges {
              node {
                __typename
                id
                quantity
                isGiftCard
                originalUnitPriceSet { ${MONEY_BAG_FIELDS} }
                discountAllocations { allocatedAmountSet { ${MONEY_BAG_FIELDS} } }
              }
            }
          }
          refunds {
            id
            legacyResourceId
            createdAt
            processedAt
            refundLineItems {
              edges {
                node {
                  __typename
                  id
                  quantity
                  lineItem { id isGiftCard }
                  subtotalSet { ${MONEY_BAG_FIELDS} }
                  totalTaxSet { ${MONEY_BAG_FIELDS} }
                }
              }
            }
          }
        }
      }
    }
  }
`;

/** Shopify's search syntax: orders created in [since, until) (https://shopify.dev/docs/api/usage/search-syntax). */
export function historyOrdersSearch(since: Date, until: Date): string {
  return `created_at:>='${since.toISOString()}' AND created_at:<'${until.toISOString()}'`;
}

/** The orders query for one run's window. */
export function historyOrdersBulkQuery(since: Date, until: Date): string {
  return HISTORY_ORDERS_BULK_QUERY.replace(`"${SEARCH_PLACEHOLDER}"`, JSON.stringify(historyOrdersSearch(since, until)));
}

const emailAddress = z.object({ emailAddress: z.string() }).nullable();

export const historyCustomerLine = z.object({
  __typename: z.literal("Customer"),
  id: z.string(),
  legacyResourceId: z.string().regex(/^\d+$/),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  state: z.string(),
  defaultEmailAddress: emailAddress,
});

export type HistoryCustomerLine = z.infer<typeof historyCustomerLine>;

export const historyOrderLine = z.object({
  __typename: z.literal("Order"),
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
  totalTaxSet: shopMoneyBag.nullable(),
  customer: z
    .object({
      legacyResourceId: z.string().regex(/^\d+$/),
      firstName: z.string().nullable(),
      lastName: z.string().nullable(),
      state: z.string(),
      defaultEmailAddress: emailAddress,
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
  refunds: z.array(z.object({ id: z.string(), legacyResourceId: z.string().regex(/^\d+$/), createdAt: z.string().nullable(), processedAt: z.string() })),
});

export const historyShippingLine = z.object({
  __typename: z.literal("ShippingLine"),
  __parentId: z.string(),
  taxLines: z.array(z.object({ priceSet: shopMoneyBag })),
});

export const historyLineItem = z.object({
  __typename: z.literal("LineItem"),
  __parentId: z.string(),
  id: z.string(),
  quantity: z.number().int().nonnegative(),
  isGiftCard: z.boolean(),
  originalUnitPriceSet: shopMoneyBag,
  discountAllocations: z.array(z.object({ allocatedAmountSet: shopMoneyBag })),
});

export const historyRefundLineItem = z.object({
  __typename: z.literal("RefundLineItem"),
  __parentId: z.string(),
  id: z.string().nullable(),
  quantity: z.number().int().nonnegative(),
  lineItem: z.object({ id: z.string(), isGiftCard: z.boolean() }),
  subtotalSet: shopMoneyBag,
  totalTaxSet: shopMoneyBag,
});

export const historyOrdersLine = z.discriminatedUnion("__typename", [historyOrderLine, historyShippingLine, historyLineItem, historyRefundLineItem]);
