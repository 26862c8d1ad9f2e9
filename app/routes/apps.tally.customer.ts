// GET /apps/tally/customer — the storefront widget's data through the app proxy (https://<shop>/apps/tally/customer):
// the signed-in shopper's account, or the program explainer for a visitor (docs/shopper-api.md).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { summaryResponse } from "../../contract/shopper-api";
import { db } from "~/db/db.server";
import { authenticateProxy } from "~/shopper/shopper-auth.server";
import { shopperJson } from "~/shopper/shopper-responses.server";
import { shopperSummary, signedOutSummary } from "~/shopper/shopper-summary.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await authenticateProxy(request);
  if (!context.customerId) return shopperJson(context, summaryResponse, await signedOutSummary(context.shop, context.strings));
  return shopperJson(context, summaryResponse, await shopperSummary(db(), context.shop, context.customerId, context.strings, new Date()));
}
