// POST /apps/tally/redeem { rewardId, requestId } — the storefront widget's Redeem button, through the app proxy:
// the same redemption, rules, idempotency and answers as POST /api/shopper/redeem (docs/shopper-api.md). The
// customer is the proxy's signed logged_in_customer_id, never the body's.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redeemForShopper } from "~/shopper/redeem-answer.server";
import { authenticateProxy } from "~/shopper/shopper-auth.server";
import { methodNotAllowed } from "~/shopper/shopper-responses.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(await authenticateProxy(request), "POST");
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await authenticateProxy(request);
  if (request.method !== "POST") return methodNotAllowed(context, "POST");
  return redeemForShopper(context, request);
}
