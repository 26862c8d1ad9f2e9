// GET /api/shopper/summary — the signed-in shopper's account for the checkout and customer account extensions
// (docs/shopper-api.md). Same JSON as the app proxy's /apps/tally/customer.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { summaryResponse } from "../../contract/shopper-api";
import { db } from "~/db/db.server";
import { authenticateExtension } from "~/shopper/shopper-auth.server";
import { shopperError, shopperJson } from "~/shopper/shopper-responses.server";
import { shopperSummary, signedOutSummary } from "~/shopper/shopper-summary.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await authenticateExtension(request, "customerAccount");
  if (!context.customerId) return shopperJson(context, summaryResponse, await signedOutSummary(context.shop, context.strings));
  return shopperJson(context, summaryResponse, await shopperSummary(db(), context.shop, context.customerId, context.strings, new Date()));
}

/** Only the CORS preflight (OPTIONS) reaches here: the SDK answers it while authenticating. */
export async function action({ request }: LoaderFunctionArgs) {
  const context = await authenticateExtension(request, "customerAccount");
  return shopperError(context, 405, "invalid_request", context.strings.error("invalid_request", { detail: "use GET" }));
}
