// Moved to app/loyalty/privacy/redacted-customers.server.ts, the owner of redacted_customers. The order writer
// (app/loyalty/earning/order-store.server.ts) still imports it from here until its rewrite lands; then this goes.
export { isRedactedCustomer, redactedCustomerKey } from "~/loyalty/privacy/redacted-customers.server";
