// The three mandatory compliance topics share one uri (shopify.app.toml).
// https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance
import type { ActionFunctionArgs } from "@remix-run/node";
import { customersDataRequestPayload, customersRedactPayload, shopRedactPayload } from "~/shopify-input/compliance-payloads";
import { recordCustomerDataRequest } from "~/compliance/customer-data-export.server";
import { redactCustomer } from "~/loyalty/privacy/customer-redaction.server";
import { redactShop } from "~/loyalty/privacy/shop-redaction.server";
import { db } from "~/db/db.server";
import { authenticateWebhook, badRequest, parsePayload } from "~/webhooks/receive-webhook.server";

/**
 * The HMAC covers the body, not X-Shopify-Shop-Domain, and every shop's webhooks are signed with the app's one
 * secret: a body signed for one shop verifies under any shop's header. The shop acted on is the one the signed
 * body names, and a header that disagrees with it is refused.
 */
function signedShop(header: string, payload: { shop_domain: string }): string {
  if (payload.shop_domain !== header) {
    throw badRequest(`The payload's shop_domain (${payload.shop_domain}) is not the shop in X-Shopify-Shop-Domain (${header}); nothing was changed.`);
  }
  return payload.shop_domain;
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop: header, topic, payload } = await authenticateWebhook(request);
  const now = new Date();
  switch (topic) {
    case "CUSTOMERS_DATA_REQUEST": {
      const body = parsePayload(customersDataRequestPayload, payload, topic);
      await recordCustomerDataRequest(db(), signedShop(header, body), body, now);
      break;
    }
    case "CUSTOMERS_REDACT": {
      const body = parsePayload(customersRedactPayload, payload, topic);
      await redactCustomer(db(), signedShop(header, body), body, now);
      break;
    }
    case "SHOP_REDACT": {
      const body = parsePayload(shopRedactPayload, payload, topic);
      await redactShop(db(), signedShop(header, body));
      break;
    }
    default:
      return badRequest(`Topic ${topic} is not a compliance topic.`);
  }
  return new Response(null, { status: 200 });
};
