// The shopper-facing strings. They live in the theme app extension's storefront locale files
// (extensions/tally-widget/locales/*.json, one per language, English the default), so a page carries only its own
// language: the app embed renders them with Liquid's `t` filter into a JSON script beside the widget's root, and
// Shopify picks the file for the storefront's language. Placeholders are `{name}`, filled by format.ts; counted
// points have a form per plural category our languages use (`points_one`, `points_other`, and `points_many`, which
// French and Spanish need for millions: "1 000 000 de points"; English and German never select it but carry it,
// since every locale file has the same keys), chosen with Intl.PluralRules.

export const MESSAGE_KEYS = [
  "locale",
  "points_one",
  "points_other",
  "points_many",
  "launcher",
  "title",
  "close",
  "loading",
  "loadFailed",
  "retry",
  "balance",
  "pending",
  "owed",
  "excluded",
  "paused",
  "expiry",
  "tier",
  "waysToEarn",
  "earnPurchase",
  "earnSignup",
  "earnBirthday",
  "earnReferral",
  "earnNewsletter",
  "earnSocial",
  "followUs",
  "follow",
  "followed",
  "rewards",
  "rewardReady",
  "rewardMissing",
  "redeemHere",
  "redeemHereCheckout",
  "redeemHereAccount",
  "redeemHereBoth",
  "redeem",
  "redeemFailed",
  "redeemed",
  "credited",
  "codes",
  "codeUseBy",
  "applyCode",
  "referral",
  "referralOffer",
  "referralLink",
  "copy",
  "copied",
  "copyFailed",
  "inviteLabel",
  "invite",
  "birthday",
  "birthdaySet",
  "birthdayMonth",
  "birthdayDay",
  "birthdaySave",
  "explainer",
  "join",
  "signIn",
] as const;

export type MessageKey = (typeof MESSAGE_KEYS)[number];
export type Messages = Record<MessageKey, string>;

/** Null unless every one of `keys` is a string: a widget with holes in its text is worse than none. */
export function readStrings<Key extends string>(json: unknown, keys: readonly Key[]): Record<Key, string> | null {
  if (typeof json !== "object" || json === null) return null;
  const record = json as Record<string, unknown>;
  return keys.every((key) => typeof record[key] === "string") ? (record as Record<Key, string>) : null;
}

/** Every string, as the panel reads them (the launcher checks only its own few: launcher-strings.ts). */
export const readMessages = (json: unknown): Messages | null => readStrings(json, MESSAGE_KEYS);
