import { LoginErrorType, type LoginError } from "@shopify/shopify-app-remix/server";
import { en } from "~/admin/strings/en";

/** The message to show under the shop field for what `login` found wrong with it. */
export function loginErrorMessage(error: LoginError): { shop?: string } {
  if (error.shop === LoginErrorType.MissingShop) return { shop: en.login.missingShop };
  if (error.shop === LoginErrorType.InvalidShop) return { shop: en.login.invalidShop };
  return {};
}
