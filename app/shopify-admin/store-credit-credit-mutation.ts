// Credits a customer's Shopify store credit account: a store-credit reward bought with points. Given the
// customer's id, Shopify opens an account in that currency when the customer has none; store credit is applied at
// checkout on every plan.
// https://shopify.dev/docs/api/admin-graphql/latest/mutations/storeCreditAccountCredit
import { z } from "zod";

export const STORE_CREDIT_ACCOUNT_CREDIT = `#graphql
  mutation TallyCreditStoreCredit($id: ID!, $creditInput: StoreCreditAccountCreditInput!) {
    storeCreditAccountCredit(id: $id, creditInput: $creditInput) {
      storeCreditAccountTransaction {
        id
        amount { amount currencyCode }
      }
      userErrors { field message code }
    }
  }
`;

export const storeCreditAccountCreditData = z.object({
  storeCreditAccountCredit: z
    .object({
      storeCreditAccountTransaction: z.object({ id: z.string(), amount: z.object({ amount: z.string(), currencyCode: z.string() }) }).nullable(),
      userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string(), code: z.string().nullable() })),
    })
    .nullable(),
});
