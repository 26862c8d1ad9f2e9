// POST /api/shopper/birthday { month, day } — the customer account page's birthday form: the signed-in shopper gives
// their birthday, once, then changes it at most once a year; the birthday bonus is paid on the day (docs/shopper-api.md).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { birthdayRequest } from "../../contract/shopper-api";
import { db } from "~/db/db.server";
import { answerBirthday } from "~/shopper/birthday-answer.server";
import { authenticateExtension } from "~/shopper/shopper-auth.server";
import { methodNotAllowed, parseBody, shopperError } from "~/shopper/shopper-responses.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(await authenticateExtension(request, "customerAccount"), "POST");
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await authenticateExtension(request, "customerAccount");
  if (request.method !== "POST") return methodNotAllowed(context, "POST");
  if (!context.customerId) return shopperError(context, 403, "signed_out", context.strings.error("signed_out"));
  const body = await parseBody(context, request, birthdayRequest);
  if (!body.ok) return body.response;
  return answerBirthday(db(), context, context.customerId, body.data, new Date());
}
