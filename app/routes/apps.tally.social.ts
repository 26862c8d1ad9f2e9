// POST /apps/tally/social { network } — the storefront widget's "Follow us" click through the app proxy: points
// once per network for the signed-in shopper (logged_in_customer_id) (docs/shopper-api.md).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticateProxy } from "~/shopper/shopper-auth.server";
import { methodNotAllowed } from "~/shopper/shopper-responses.server";
import { answerSocialFollow } from "~/shopper/social-follow-response.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(await authenticateProxy(request), "POST");
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await authenticateProxy(request);
  if (request.method !== "POST") return methodNotAllowed(context, "POST");
  return answerSocialFollow(context, request);
}
