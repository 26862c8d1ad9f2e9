// The three mandatory compliance topics share one uri (shopify.app.toml).
// https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance
import type { ActionFunctionArgs } from "@remix-run/node";
import { customersDataRequestPayload, customersRedactPayload, shopRedactPayload } from "~/compliance/compliance-payloads";
import { recordCustomerDataRequest } from "~/compliance/customer-data-export.server";
import { redactCustomer } from "~/compliance/customer-redaction.server";
import { redactShop } from "~/compliance/shop-redaction.server";
import { db } from "~/db/db.server";
import { authenticateWebhook, badRequest, parsePayload } from "~/webhooks/receive-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload } = await authenticateWebhook(request);
  const now = new Date();
  switch (topic) {
    case "CUSTOMERS_DATA_REQUEST":
      await recordCustomerDataRequest(db(), shop, parsePayload(customersDataRequestPayload, payload, topic), now);
      break;
    case "CUSTOMERS_REDACT":
      await redactCustomer(db(), shop, parsePayload(customersRedactPayload, payload, topic), now);
      break;
    case "SHOP_REDACT":
      parsePayload(shopRedactPayload, payload, topic);
      await redactShop(db(), shop);
      break;
    default:
      return badRequest(`Topic ${topic} is not a compliance topic.`);
  }
  return new Response(null, { status: 200 });
};
