// Credits a shopper's Shopify store credit account for a store-credit reward, in the shop's currency, and finds such
// a credit again when Shopify's answer was lost. Shopify answers with the credit's transaction (credited), refuses
// (StoreCreditRefusedError: nothing was credited, the held points may come back), or its answer never arrives
// (StoreCreditUnansweredError: the credit may have been made). storeCreditAccountCredit takes no idempotency key,
// so an unanswered credit is never asked again blindly: findLostStoreCredit looks for it first
// (docs/decisions/070-a-lost-store-credit-answer-is-looked-up.md).
import { HttpResponseError } from "@shopify/shopify-api";
import { STORE_CREDIT_ACCOUNT_CREDIT, storeCreditAccountCreditData } from "~/shopify-admin/store-credit-credit-mutation";
import { STORE_CREDIT_CREDITS_QUERY, STORE_CREDIT_PAGE_SIZE, storeCreditCreditsData } from "~/shopify-admin/store-credit-transactions-query";
import { runAdminQuery, type AdminGraphql } from "~/shopify-admin/run-admin-query.server";
import { decimalAmount } from "./discount-inputs";
import { CLOCK_SKEW_MS, lostCreditAmong, type CreditAsked, type CreditSeen } from "./lost-store-credit";
import type { AdminFor } from "./reward-discounts.server";

/** Shopify did not credit the account: it said so, or the request never reached it. */
export class StoreCreditRefusedError extends Error {
  override name = "StoreCreditRefusedError";
}

/** No answer came back (a dropped connection, a timeout, a server error): Shopify may or may not have credited. */
export class StoreCreditUnansweredError extends Error {
  override name = "StoreCreditUnansweredError";
}

export interface StoreCreditRequest {
  shop: string;
  customerId: string;
  amountMinor: number;
  currencyCode: string;
}

const customerGid = (customerId: string) => `gid://shopify/Customer/${customerId}`;

async function adminOf(adminFor: AdminFor, shop: string): Promise<AdminGraphql> {
  try {
    return await adminFor(shop);
  } catch (error) {
    throw new StoreCreditRefusedError(`Crediting store credit failed: ${(error as Error).message}`, { cause: error });
  }
}

/** Returns the id of Shopify's credit transaction. */
export async function creditStoreCredit(adminFor: AdminFor, credit: StoreCreditRequest): Promise<string> {
  const { shop, customerId, amountMinor, currencyCode } = credit;
  const admin = await adminOf(adminFor, shop);
  const variables = { id: customerGid(customerId), creditInput: { creditAmount: { amount: decimalAmount(amountMinor, currencyCode), currencyCode } } };
  let payload;
  try {
    payload = (await runAdminQuery(admin, STORE_CREDIT_ACCOUNT_CREDIT, variables, storeCreditAccountCreditData)).storeCreditAccountCredit;
  } catch (error) {
    // A 4xx is Shopify turning the request away before running it (no access, throttled); anything else may
    // have come after the credit was made.
    const code = error instanceof HttpResponseError ? error.response.code : 0;
    if (code >= 400 && code < 500) throw new StoreCreditRefusedError(`Crediting store credit failed: ${(error as Error).message}`, { cause: error });
    throw new StoreCreditUnansweredError(`Shopify's answer to a store credit was lost: ${(error as Error).message}`, { cause: error });
  }
  const transaction = payload?.storeCreditAccountTransaction;
  const problems = payload?.userErrors ?? [];
  if (problems.length > 0 || !transaction) {
    throw new StoreCreditRefusedError(`Shopify did not credit store credit: ${problems.map((p) => `${p.code ?? ""} ${p.message}`.trim()).join("; ") || "no transaction returned"}`);
  }
  return transaction.id;
}

/** Pages read at most; more credits than that since the request is no shopper's account, and is left to a person. */
const MAX_PAGES = 5;

/**
 * The credit Shopify made for an unanswered request, or null when it made none. Throws when Shopify cannot be read
 * in full: the caller then keeps the points held and asks again later.
 */
export async function findLostStoreCredit(adminFor: AdminFor, credit: StoreCreditRequest & Omit<CreditAsked, "amountMinor" | "currencyCode">): Promise<string | null> {
  const admin = await adminFor(credit.shop);
  const reachBack = credit.askedAt.getTime() - CLOCK_SKEW_MS;
  const seen: CreditSeen[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const variables: Record<string, unknown> = { id: customerGid(credit.customerId), account: `currency_code:${credit.currencyCode}`, after };
    const data = await runAdminQuery(admin, STORE_CREDIT_CREDITS_QUERY, variables, storeCreditCreditsData);
    const account = data.customer?.storeCreditAccounts.nodes[0];
    if (!account) return null;
    for (const node of account.transactions.nodes) {
      if (node.id) seen.push({ id: node.id, createdAt: new Date(node.createdAt), amount: node.amount.amount, currencyCode: node.amount.currencyCode });
    }
    // Newest first: once a page reaches back past the request, the older pages cannot hold its credit.
    const { hasNextPage, endCursor } = account.transactions.pageInfo;
    const oldest = account.transactions.nodes.at(-1);
    if (!hasNextPage || !endCursor || (oldest && Date.parse(oldest.createdAt) < reachBack)) return lostCreditAmong(seen, credit)?.id ?? null;
    after = endCursor;
  }
  throw new Error(`more than ${MAX_PAGES * STORE_CREDIT_PAGE_SIZE} store credits since ${credit.askedAt.toISOString()}; not searched further`);
}
