// Store credit accounts kept by the Admin API stand-in for one shop, as Shopify keeps them: storeCreditAccountCredit
// adds a credit transaction to the customer's account in the credit's currency (or refuses, when told to), and
// `customer { storeCreditAccounts { transactions } }` reads them back, so a test can lose an answer
// (adminApi.store.loseAnswerTo) and see whether Tally finds the credit it asked for.
import type { ShopScenario } from "../../tools/admin-api-standin/scenario-store";

export interface KeptCredit {
  id: string;
  customerId: string;
  createdAt: string;
  amount: { amount: string; currencyCode: string };
}

let nextCredit = 1;

export interface StoreCreditAccounts {
  credits: KeptCredit[];
  /** Whether Shopify makes the next credits; false answers with a userError and makes none. */
  accepting: boolean;
}

export function keepStoreCreditAccounts(scenario: ShopScenario): StoreCreditAccounts {
  const accounts: StoreCreditAccounts = { credits: [], accepting: true };
  scenario.mutation.storeCreditAccountCredit = (args: Record<string, unknown>) => {
    if (!accounts.accepting) return { storeCreditAccountTransaction: null, userErrors: [{ field: ["id"], message: "Store credit is not available", code: "ACCOUNT_NOT_FOUND" }] };
    const input = args.creditInput as { creditAmount: { amount: string; currencyCode: string } };
    const credit: KeptCredit = {
      id: `gid://shopify/StoreCreditAccountCreditTransaction/${nextCredit++}`,
      customerId: String(args.id),
      createdAt: new Date().toISOString(),
      amount: { amount: input.creditAmount.amount, currencyCode: input.creditAmount.currencyCode },
    };
    accounts.credits.push(credit);
    return { storeCreditAccountTransaction: { id: credit.id, amount: credit.amount }, userErrors: [] };
  };
  scenario.query.customer = (args: Record<string, unknown>) => {
    const own = accounts.credits.filter((credit) => credit.customerId === args.id);
    const currencies = [...new Set(own.map((credit) => credit.amount.currencyCode))];
    return {
      id: args.id,
      storeCreditAccounts: currencies.map((currencyCode, index) => ({
        id: `gid://shopify/StoreCreditAccount/${index + 1}`,
        currencyCode,
        balance: { amount: "0.0", currencyCode },
        transactions: own
          .filter((credit) => credit.amount.currencyCode === currencyCode)
          .map(({ customerId: _customer, ...credit }) => ({ __typename: "StoreCreditAccountCreditTransaction", type: "credit", event: "ADJUSTMENT", ...credit })),
      })),
    };
  };
  return accounts;
}
