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
  const result = await creditSocialFollow(db(), { shop: context.shop.domain, rules: context.shop.rules, customerId: context.customerId, network: body.data.network, now: new Date() });
  if (!result.ok) {
    if (result.error === "not_member") return shopperError(context, 403, "signed_out", strings.error("signed_out"));
    // As a redemption is refused for the same reasons (ADR 041): 403 for a member left out, 409 while paused.
    if (result.error === "not_in_program") return shopperError(context, 403, "not_in_program", strings.error("not_in_program"));
    if (result.error === "program_paused") return shopperError(context, 409, "program_paused", strings.error("program_paused"));
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
