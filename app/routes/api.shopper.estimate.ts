// POST /api/shopper/estimate { subtotal: { amount, currencyCode } } — points this cart would earn, for signed-out
// shoppers too (checkout); none while the shopper is not in the program, with the reason in their language.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { estimateRequest, estimateResponse } from "../../contract/shopper-api";
import { db } from "~/db/db.server";
import { estimatePoints } from "~/shopper/order-points.server";
import { authenticateExtension } from "~/shopper/shopper-auth.server";
import { methodNotAllowed, parseBody, shopperError, shopperJson } from "~/shopper/shopper-responses.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(await authenticateExtension(request, "checkout"), "POST");
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await authenticateExtension(request, "checkout");
  if (request.method !== "POST") return methodNotAllowed(context, "POST");
  const body = await parseBody(context, request, estimateRequest);
  if (!body.ok) return body.response;
  const { amount, currencyCode } = body.data.subtotal;
  let estimate: Awaited<ReturnType<typeof estimatePoints>>;
  try {
    estimate = await estimatePoints(db(), context.shop, context.customerId, amount, currencyCode);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return shopperError(context, 400, "invalid_request", context.strings.error("invalid_request", { detail: `subtotal.amount: ${error.message}` }));
  }
  const { points, standing } = estimate;
  const standingText = standing === "in" ? null : context.strings.error(standing === "paused" ? "program_paused" : "not_in_program");
  return shopperJson(context, estimateResponse, { points, standing, standingText });
}
