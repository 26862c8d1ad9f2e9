// GET /api/shopper/order-status?orderId=<gid or id> — one of the signed-in shopper's orders on its order-status
// page in the customer account: the points it earns and what the shopper can now afford (docs/shopper-api.md).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { orderStatusResponse } from "../../contract/shopper-api";
import { db } from "~/db/db.server";
import { numericOrderId } from "~/shopper/order-points.server";
import { orderStatus } from "~/shopper/order-status.server";
import { authenticateExtension } from "~/shopper/shopper-auth.server";
import { shopperError, shopperJson } from "~/shopper/shopper-responses.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await authenticateExtension(request, "customerAccount");
  if (!context.customerId) return shopperError(context, 403, "signed_out", context.strings.error("signed_out"));
  const orderId = numericOrderId(new URL(request.url).searchParams.get("orderId") ?? "");
  if (!orderId) {
    return shopperError(context, 400, "invalid_request", context.strings.error("invalid_request", { detail: "orderId must be an order id or gid" }));
  }
  const answer = await orderStatus(db(), context.shop, context.customerId, orderId, context.strings, new Date());
  if (!answer) return shopperError(context, 404, "unknown_order", context.strings.error("unknown_order"));
  return shopperJson(context, orderStatusResponse, answer);
}

/** Only the CORS preflight (OPTIONS) reaches here: the SDK answers it while authenticating. */
export async function action({ request }: LoaderFunctionArgs) {
  const context = await authenticateExtension(request, "customerAccount");
  return shopperError(context, 405, "invalid_request", context.strings.error("invalid_request", { detail: "use GET" }));
}
