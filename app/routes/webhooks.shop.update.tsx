import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "~/db/db.server";
import { shopUpdatePayload } from "~/shopify-input/shop-payload";
import { badRequest, receiveWebhook } from "~/webhooks/receive-webhook.server";
import { handleShopUpdate } from "~/webhooks/shop-update.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload, admin } = await receiveWebhook(request, shopUpdatePayload);
  if (payload.myshopify_domain !== shop) {
    return badRequest(`The shop/update body is about ${payload.myshopify_domain}, but X-Shopify-Shop-Domain is ${shop}.`);
  }
  await handleShopUpdate(db(), admin, shop, payload.plan_name ?? null);
  return new Response(null, { status: 200 });
};
