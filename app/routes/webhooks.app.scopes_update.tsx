import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "~/db/db.server";
import { handleScopesUpdate, scopesUpdatePayload } from "~/webhooks/app-lifecycle.server";
import { receiveWebhook } from "~/webhooks/receive-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { payload, sessionId } = await receiveWebhook(request, scopesUpdatePayload);
  await handleScopesUpdate(db(), sessionId, payload.current);
  return new Response(null, { status: 200 });
};
