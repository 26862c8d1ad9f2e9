// Every GraphQL document Tally sends to the Admin API, by name. test/shopify-admin/documents.test.ts validates
// each against Shopify's schema and fails when a document is sent from anywhere else: add new ones here.
import { COLLECTION_PRODUCTS_QUERY } from "./collection-products-query";
// each against Shopify's schema and fails when a document is sent from anywhere else: add new ones here. The
// queries Tally hands Shopify to run as bulk operations are listed apart: they are sent as a string variable, have
// no page sizes, and are held to Shopify's bulk rules instead of the query cost limit.
import { BULK_OPERATION_QUERY, BULK_OPERATION_RUN_QUERY } from "./bulk-operation-documents";
import { CODE_DISCOUNT_BY_CODE } from "./code-discount-by-code-query";
import { HISTORY_CUSTOMERS_BULK_QUERY, HISTORY_ORDERS_BULK_QUERY } from "./shop-history-bulk-queries";
import { TAGS_ADD, TAGS_REMOVE } from "./customer-tags-mutations";
import { DISCOUNT_CODE_BASIC_CREATE, DISCOUNT_CODE_FREE_SHIPPING_CREATE } from "./discount-code-create-mutations";
import { DISCOUNT_CODE_BASIC_UPDATE } from "./discount-code-basic-update-mutation";
import { DISCOUNT_CODE_DEACTIVATE } from "./discount-code-deactivate-mutation";
import { FLOW_TRIGGER_RECEIVE } from "./flow-trigger-receive-mutation";
import { METAFIELD_DEFINITION_CREATE } from "./metafield-definition-create-mutation";
import { METAFIELDS_SET } from "./metafields-set-mutation";
import { ORDER_LINE_ITEMS_QUERY } from "./order-line-items-query";
import { ORDER_REFUNDS_QUERY } from "./order-refunds-query";
import { RECENT_ORDERS_QUERY } from "./recent-orders-query";
import { REFUND_LINE_ITEMS_QUERY } from "./refund-line-items-query";
import { PRODUCT_VARIANT_QUERY } from "./product-variant-query";
import { SHOP_PROFILE_QUERY } from "./shop-profile-query";
import { STORE_CREDIT_ACCOUNT_CREDIT } from "./store-credit-credit-mutation";
import { STORE_CREDIT_CREDITS_QUERY } from "./store-credit-transactions-query";

export const ADMIN_DOCUMENTS: Readonly<Record<string, string>> = {
  SHOP_PROFILE_QUERY,
  RECENT_ORDERS_QUERY,
  ORDER_LINE_ITEMS_QUERY,
  ORDER_REFUNDS_QUERY,
  REFUND_LINE_ITEMS_QUERY,
  DISCOUNT_CODE_DEACTIVATE,
  DISCOUNT_CODE_BASIC_CREATE,
  DISCOUNT_CODE_FREE_SHIPPING_CREATE,
  DISCOUNT_CODE_BASIC_UPDATE,
  CODE_DISCOUNT_BY_CODE,
  FLOW_TRIGGER_RECEIVE,
  PRODUCT_VARIANT_QUERY,
  COLLECTION_PRODUCTS_QUERY,
  STORE_CREDIT_ACCOUNT_CREDIT,
  STORE_CREDIT_CREDITS_QUERY,
  METAFIELD_DEFINITION_CREATE,
  METAFIELDS_SET,
  TAGS_ADD,
  TAGS_REMOVE,
  BULK_OPERATION_RUN_QUERY,
  BULK_OPERATION_QUERY,
};

export const BULK_QUERY_DOCUMENTS: Readonly<Record<string, string>> = {
  HISTORY_CUSTOMERS_BULK_QUERY,
  HISTORY_ORDERS_BULK_QUERY,
};
