import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "~/db/db.server";
import { anyPayload, handleAppUninstalled } from "~/webhooks/app-lifecycle.server";
import { receiveWebhook } from "~/webhooks/receive-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await receiveWebhook(request, anyPayload);
  await handleAppUninstalled(db(), shop, new Date());
  return new Response(null, { status: 200 });
};
