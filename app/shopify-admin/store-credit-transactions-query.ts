// A customer's store credit account in one currency (they hold at most one per currency) and its credits, newest
// first: how Tally finds a credit Shopify made while its answer to storeCreditAccountCredit was lost
// (app/loyalty/redemption/lost-store-credit.ts). `$account` is a search such as "currency_code:USD".
// https://shopify.dev/docs/api/admin-graphql/latest/objects/StoreCreditAccount
import { z } from "zod";
import { PAGE_INFO_FIELDS, pageInfo } from "./page-info";

/** Credits read per page, newest first; a lost credit is minutes old, so the first page nearly always holds it. */
export const STORE_CREDIT_PAGE_SIZE = 50;

export const STORE_CREDIT_CREDITS_QUERY = `#graphql
  query TallyStoreCreditCredits($id: ID!, $account: String!, $after: String) {
    customer(id: $id) {
      storeCreditAccounts(first: 1, query: $account) {
        nodes {
          id
          transactions(first: ${STORE_CREDIT_PAGE_SIZE}, after: $after, reverse: true, sortKey: CREATED_AT, query: "type:credit") {
            nodes {
              __typename
              createdAt
              amount { amount currencyCode }
              ... on StoreCreditAccountCreditTransaction { id }
            }
            ${PAGE_INFO_FIELDS}
          }
        }
      }
    }
  }
`;

const transaction = z.object({
  __typename: z.string(),
  createdAt: z.string(),
  amount: z.object({ amount: z.string(), currencyCode: z.string() }),
  id: z.string().optional(),
});

export const storeCreditCreditsData = z.object({
  customer: z
    .object({
      storeCreditAccounts: z.object({
        nodes: z.array(
          z.object({
            id: z.string(),
            transactions: z.object({
              nodes: z.array(transaction),
              pageInfo,
            }),
          }),
        ),
      }),
    })
    .nullable(),
});
