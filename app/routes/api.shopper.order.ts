// GET /api/shopper/order?orderId=<gid or id> — the points an order earns the signed-in shopper (thank-you page).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { orderPointsResponse } from "../../contract/shopper-api";
import { db } from "~/db/db.server";
import { numericOrderId, orderPoints } from "~/shopper/order-points.server";
import { authenticateExtension } from "~/shopper/shopper-auth.server";
import { shopperError, shopperJson } from "~/shopper/shopper-responses.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await authenticateExtension(request, "checkout");
  const orderId = numericOrderId(new URL(request.url).searchParams.get("orderId") ?? "");
  if (!orderId) {
    return shopperError(context, 400, "invalid_request", context.strings.error("invalid_request", { detail: "orderId must be an order id or gid" }));
  }
  return shopperJson(context, orderPointsResponse, await orderPoints(db(), context.shop, context.customerId, orderId, new Date()));
}

/** Only the CORS preflight (OPTIONS) reaches here: the SDK answers it while authenticating. */
export async function action({ request }: LoaderFunctionArgs) {
  const context = await authenticateExtension(request, "checkout");
  return shopperError(context, 405, "invalid_request", context.strings.error("invalid_request", { detail: "use GET" }));
}
