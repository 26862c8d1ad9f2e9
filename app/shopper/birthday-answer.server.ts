// The answer to a shopper giving their birthday, the same from the account page (POST /api/shopper/birthday) and
// the storefront widget (POST /apps/tally/birthday): the command's result worded in the shopper's language.
import { birthdayResponse } from "../../contract/shopper-api";
import type { TallyDatabase } from "~/db/database.server";
import { giveBirthday } from "~/loyalty/bonuses/give-birthday.server";
import { tierFor } from "~/loyalty/tiers/tiers";
import type { ShopperContext } from "./shopper-auth.server";
import { shopperError, shopperJson } from "./shopper-responses.server";

export async function answerBirthday(db: TallyDatabase, context: ShopperContext, customerId: string, given: { month: number; day: number }, now: Date): Promise<Response> {
  const { shop, strings } = context;
  const result = await giveBirthday(db, { shop: shop.domain, customerId, entryTier: tierFor(0, shop.rules.tiers).key, birthday: given, now });
  if (result.ok) {
    return shopperJson(context, birthdayResponse, {
      birthday: { ...result.birthday, changeableFrom: result.changeableFrom.toISOString() },
      message: strings.birthdaySaved(result.birthday),
    });
  }
  if (result.error === "invalid_birthday") return shopperError(context, 400, "invalid_birthday", strings.error("invalid_birthday"));
  return shopperError(context, 409, "birthday_locked", strings.birthdayLocked(result.birthday, result.changeableFrom));
}
