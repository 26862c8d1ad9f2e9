// Whether a customer's email marketing consent, as customers/create and customers/update carry it, is a
// newsletter sign-up. Shopify's states: not_subscribed, pending (double opt-in sent, not yet confirmed),
// subscribed, unsubscribed, redacted, invalid (https://shopify.dev/docs/api/admin-rest/latest/resources/customer,
// email_marketing_consent). Only "subscribed" is a sign-up: "pending" earns when the confirmation makes it
// subscribed, which Shopify sends as another customers/update.
export type EmailConsentState = "not_subscribed" | "pending" | "subscribed" | "unsubscribed" | "redacted" | "invalid";

export function isNewsletterSignup(state: string | null | undefined): boolean {
  return state === "subscribed";
}
