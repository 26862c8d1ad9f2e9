// POST /api/shopper/redeem { rewardId, requestId } — spend points on a reward, get a single-use code, or store
// credit added to the shopper's account (docs/shopper-api.md). The customer is the session token's, never the body's.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redeemForShopper } from "~/shopper/redeem-answer.server";
import { authenticateExtension } from "~/shopper/shopper-auth.server";
import { methodNotAllowed } from "~/shopper/shopper-responses.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(await authenticateExtension(request, "checkout"), "POST");
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await authenticateExtension(request, "checkout");
  if (request.method !== "POST") return methodNotAllowed(context, "POST");
  return redeemForShopper(context, request);
}
