// POST /apps/tally/invite { email } — the storefront widget's refer box, through the app proxy: the signed-in
// member invites a friend by email (docs/shopper-api.md, docs/emails.md). The invitation is queued and sent by the
// job runner; the friend's address is kept only until it went. Rate-limited per member.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { inviteRequest, inviteResponse } from "../../contract/shopper-api";
import { db } from "~/db/db.server";
import { inviteFriend } from "~/loyalty/emails/email-commands.server";
import { authenticateProxy } from "~/shopper/shopper-auth.server";
import { methodNotAllowed, parseBody, shopperError, shopperJson } from "~/shopper/shopper-responses.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(await authenticateProxy(request), "POST");
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await authenticateProxy(request);
  if (request.method !== "POST") return methodNotAllowed(context, "POST");
  const { strings } = context;
  if (!context.customerId) return shopperError(context, 403, "signed_out", strings.error("signed_out"));
  const body = await parseBody(context, request, inviteRequest);
  if (!body.ok) return body.response;
  const outcome = await inviteFriend(db(), { shop: context.shop.domain, customerId: context.customerId, friendEmail: body.data.email, locale: context.locale, now: new Date() });
  if (outcome.ok) return shopperJson(context, inviteResponse, { sent: true, message: strings.inviteSent(body.data.email) });
  switch (outcome.error) {
    case "invalid_email":
      return shopperError(context, 400, "invalid_request", strings.error("invalid_request", { detail: "email: not an email address" }));
    case "not_member":
      return shopperError(context, 403, "signed_out", strings.error("signed_out"));
    default:
      return shopperJson(context, inviteResponse, { sent: false, reason: outcome.error, message: strings.inviteRefused(outcome.error) });
  }
}
