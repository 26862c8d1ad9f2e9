// The access scopes Tally asks a merchant for, each with what needs it. shopify.app.toml's [access_scopes] must list
// exactly these (Shopify installs the app from the toml); the app's SCOPES default and the demo's session use them.
// test/app-config/access-scopes.test.ts derives the scopes from the Admin API documents Tally sends
// (documents.ts), the webhook topics and the [app_proxy] the toml declares, and fails on one missing or unused.
// https://shopify.dev/docs/api/usage/access-scopes
export const ACCESS_SCOPES = {
  // The order's customer in RECENT_ORDERS_QUERY; every customer in HISTORY_CUSTOMERS_BULK_QUERY (the shop's
  // history, read on install); the customers/create and customers/update webhooks.
  read_customers: "members: the customer behind an order, the shop's customers on install, and customers created or updated in the shop",
  // metafieldDefinitionCreate (customer definitions), metafieldsSet (customers' metafields), tagsAdd and
  // tagsRemove (customers' tier tags): a resource's metafields and tags are written with its write scope.
  write_customers: "members' points, tier and referral code as customer metafields, and tier tags for segments",
  // orders, order and refund in the reconciliation queries; the last 12 months of orders in
  // HISTORY_ORDERS_BULK_QUERY; orders/paid, orders/cancelled, refunds/create.
  read_orders: "earning and reversing points: paid, cancelled and refunded orders, and the last 12 months of orders on install",
  // codeDiscountNodeByCode: the friend discount a lost answer already created.
  read_discounts: "finding a referral's friend discount by its code",
  // discountCodeBasicCreate, discountCodeFreeShippingCreate, discountCodeBasicUpdate, discountCodeDeactivate.
  write_discounts: "reward codes bought with points and friends' referral discounts",
  // productVariant: the variant a free-product reward gives, checked when picked and priced when redeemed;
  // collection: the products of the collections the program excludes or a bonus campaign is limited to.
  read_products: "free-product rewards (the variant, its name and price) and the products of collections the program names",
  // storeCreditAccountCredit: a store-credit reward bought with points; it also grants reading the credits made
  // (STORE_CREDIT_CREDITS_QUERY), whose accounts need read_store_credit_accounts.
  write_store_credit_account_transactions: "store-credit rewards: crediting the shopper's store credit account",
  read_store_credit_accounts: "store-credit rewards: finding a credit Shopify made when its answer to Tally was lost",
  // The [app_proxy] in shopify.app.toml: the storefront widget and referral links reach Tally at /apps/tally.
  write_app_proxy: "the storefront widget's app proxy, /apps/tally",
} as const;

export type AccessScope = keyof typeof ACCESS_SCOPES;

/** The comma-separated list Shopify's libraries and the SCOPES variable take. */
export const ACCESS_SCOPES_LIST = Object.keys(ACCESS_SCOPES).join(",");
