// The one answer to a "Follow us" click, for the account page (session token) and the widget (app proxy): the
// command credits the signed-in shopper, this words the outcome in their language (docs/shopper-api.md).
import { socialFollowRequest, socialFollowResponse } from "../../contract/shopper-api";
import { db } from "~/db/db.server";
import { SOCIAL_NETWORK_NAMES } from "~/loyalty/actions/action-rules";
import { creditSocialFollow } from "~/loyalty/actions/credit-social-follow.server";
import type { ShopperContext } from "./shopper-auth.server";
import { parseBody, shopperError, shopperJson } from "./shopper-responses.server";

export async function answerSocialFollow(context: ShopperContext, request: Request): Promise<Response> {
  const { strings } = context;
  if (!context.customerId) return shopperError(context, 403, "signed_out", strings.error("signed_out"));
  const body = await parseBody(context, request, socialFollowRequest);
  if (!body.ok) return body.response;
  const result = await creditSocialFollow(db(), { shop: context.shop.domain, rules: context.shop.rules, customerId: context.customerId, network: body.data.network });
  if (!result.ok) {
    if (result.error === "not_member") return shopperError(context, 403, "signed_out", strings.error("signed_out"));
    return shopperError(context, 404, "unknown_network", strings.error("unknown_network"));
  }
  const name = SOCIAL_NETWORK_NAMES[result.link.network];
  return shopperJson(context, socialFollowResponse, {
    network: result.link.network,
    url: result.link.url,
    points: result.alreadyCredited ? 0 : result.points,
    alreadyCredited: result.alreadyCredited,
    message: result.alreadyCredited ? strings.socialAlready(name) : strings.socialCredited(name, result.points),
  });
}
