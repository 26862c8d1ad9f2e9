// Credits a shopper's Shopify store credit account for a store-credit reward, in the shop's currency. Shopify
// either answers with the credit's transaction (confirmed) or refuses (userErrors, no access, a failed request):
// every refusal comes back as StoreCreditRefusedError, so the caller gives the held points back.
import { STORE_CREDIT_ACCOUNT_CREDIT, storeCreditAccountCreditData } from "~/shopify-admin/store-credit-credit-mutation";
import { runAdminQuery } from "~/shopify-admin/run-admin-query.server";
import { decimalAmount } from "./discount-inputs";
import type { AdminFor } from "./reward-discounts.server";

export class StoreCreditRefusedError extends Error {
  override name = "StoreCreditRefusedError";
}

/** Returns the id of Shopify's credit transaction. */
export async function creditStoreCredit(
  adminFor: AdminFor,
  credit: { shop: string; customerId: string; amountMinor: number; currencyCode: string },
): Promise<string> {
  const { shop, customerId, amountMinor, currencyCode } = credit;
  try {
    const admin = await adminFor(shop);
    const variables = { id: `gid://shopify/Customer/${customerId}`, creditInput: { creditAmount: { amount: decimalAmount(amountMinor, currencyCode), currencyCode } } };
    const payload = (await runAdminQuery(admin, STORE_CREDIT_ACCOUNT_CREDIT, variables, storeCreditAccountCreditData)).storeCreditAccountCredit;
    const transaction = payload?.storeCreditAccountTransaction;
    const problems = payload?.userErrors ?? [];
    if (problems.length > 0 || !transaction) {
      throw new StoreCreditRefusedError(`Shopify did not credit store credit: ${problems.map((p) => `${p.code ?? ""} ${p.message}`.trim()).join("; ") || "no transaction returned"}`);
    }
    return transaction.id;
  } catch (error) {
    if (error instanceof StoreCreditRefusedError) throw error;
    throw new StoreCreditRefusedError(`Crediting store credit failed: ${(error as Error).message}`, { cause: error });
  }
}
