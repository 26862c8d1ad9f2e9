// POST /api/shopper/estimate { subtotal: { amount, currencyCode } } — points this cart would earn, for signed-out
// shoppers too (checkout).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "~/db/db.server";
import { estimatePoints } from "~/shopper/order-points.server";
import { authenticateExtension } from "~/shopper/shopper-auth.server";
import { methodNotAllowed, parseBody, shopperError, shopperJson } from "~/shopper/shopper-responses.server";

const estimateBody = z.object({
  subtotal: z.object({
    amount: z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, "a decimal amount such as 42.50"),
    currencyCode: z.string().regex(/^[A-Za-z]{3}$/, "a three-letter currency code"),
  }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(await authenticateExtension(request, "checkout"), "POST");
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await authenticateExtension(request, "checkout");
  if (request.method !== "POST") return methodNotAllowed(context, "POST");
  const body = await parseBody(context, request, estimateBody);
  if (!body.ok) return body.response;
  const { amount, currencyCode } = body.data.subtotal;
  let points: number | null;
  try {
    points = await estimatePoints(db(), context.shop, context.customerId, amount, currencyCode);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return shopperError(context, 400, "invalid_request", context.strings.error("invalid_request", { detail: `subtotal.amount: ${error.message}` }));
  }
  return shopperJson(context, { points });
}
