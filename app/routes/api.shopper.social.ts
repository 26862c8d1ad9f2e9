// POST /api/shopper/social { network } — the account page's "Follow us" click: points once per network for the
// shopper the session token names (docs/shopper-api.md).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticateExtension } from "~/shopper/shopper-auth.server";
import { methodNotAllowed } from "~/shopper/shopper-responses.server";
import { answerSocialFollow } from "~/shopper/social-follow-response.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(await authenticateExtension(request, "customerAccount"), "POST");
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await authenticateExtension(request, "customerAccount");
  if (request.method !== "POST") return methodNotAllowed(context, "POST");
  return answerSocialFollow(context, request);
}
