// Who may write each table: the one definition behind the one-writer lint rule (tools/eslint/one-writer.js) and
// docs/decisions/024-one-writer-per-table.md. Keys are Prisma's model names as the client spells them
// (`prisma.<model>.create`); `table` is the SQL name raw statements use; `owners` are the files, or one feature
// folder (ending in "/"), that may write it. Everyone else reads, and writes by calling the owner.

/** @typedef {{ table: string, owners: string[], note?: string }} TableOwner */

/** @type {Record<string, TableOwner>} */
export const TABLE_OWNERS = {
  // The ledger: transfers are appended and balances and daily sums derived in one place; the two redaction marks
  // are what its append-only triggers read while the ledger writer erases (docs/decisions/019-customer-redaction.md).
  transfer: { table: "transfers", owners: ["app/loyalty/ledger/"] },
  balance: { table: "balances", owners: ["app/loyalty/ledger/"] },
  ledgerDaily: { table: "ledger_daily", owners: ["app/loyalty/ledger/"] },
  ledgerRedaction: { table: "ledger_redactions", owners: ["app/loyalty/ledger/"] },
  ledgerNoteRedaction: { table: "ledger_note_redactions", owners: ["app/loyalty/ledger/"] },
  member: { table: "members", owners: ["app/loyalty/members/member-store.server.ts"] },
  redemption: { table: "redemptions", owners: ["app/loyalty/redemption/redemption-store.server.ts"] },
  // The erasing statements are the audit module's too; the ledger's stores run them under the ledger's mark.
  auditEvent: { table: "audit_events", owners: ["app/loyalty/audit/"] },
  importRun: { table: "imports", owners: ["app/loyalty/imports/"] },
  // Reading the shop's customers and past orders on install (docs/decisions/046-shop-history-on-install.md).
  shopHistoryImport: { table: "shop_history_imports", owners: ["app/loyalty/shop-history/history-run-store.server.ts"] },
  referral: { table: "referrals", owners: ["app/loyalty/referrals/"] },
  shop: { table: "shops", owners: ["app/loyalty/program/shop-store.server.ts"] },
  redactedCustomer: { table: "redacted_customers", owners: ["app/loyalty/privacy/"] },
  dataRequest: { table: "data_requests", owners: ["app/loyalty/privacy/"] },
  // Orders and the dashboard's rollups kept from them: the order writer and the rollups beside it.
  loyaltyOrder: { table: "orders", owners: ["app/loyalty/earning/"] },
  orderRefund: { table: "order_refunds", owners: ["app/loyalty/earning/"] },
  orderDaily: { table: "order_daily", owners: ["app/loyalty/earning/"] },
  // Referrals per payment day, status and reason: moved by the referral writer and the order writer through
  // referral-rollups.server.ts; rebuilt and erased in bulk with the order rollups.
  referralDaily: { table: "referral_daily", owners: ["app/loyalty/referrals/referral-rollups.server.ts", "app/loyalty/earning/"] },
  shopperOrderDay: { table: "shopper_order_days", owners: ["app/loyalty/earning/"] },
  customerGain: { table: "customer_gains", owners: ["app/loyalty/earning/"] },
  customerLapse: { table: "customer_lapses", owners: ["app/loyalty/earning/"] },
  // The loyalty event feed and the outgoing webhooks that consume it (docs/decisions/032-loyalty-event-feed.md).
  loyaltyEvent: { table: "loyalty_events", owners: ["app/loyalty/events/event-feed-store.server.ts"] },
  loyaltyEventCursor: { table: "loyalty_event_cursors", owners: ["app/loyalty/events/event-feed-store.server.ts"] },
  memberTierMark: { table: "member_tier_marks", owners: ["app/loyalty/events/event-feed-store.server.ts"] },
  webhookEndpoint: { table: "webhook_endpoints", owners: ["app/loyalty/outgoing-webhooks/endpoint-store.server.ts"] },
  outgoingWebhookDelivery: { table: "outgoing_webhook_deliveries", owners: ["app/loyalty/outgoing-webhooks/endpoint-store.server.ts"] },
  // Loyalty events on their way to Shopify Flow, one row per event and trigger (docs/decisions/035-shopify-flow.md).
  flowTriggerSend: { table: "flow_trigger_sends", owners: ["app/loyalty/flow/flow-send-store.server.ts"] },
  // Member emails: the shop's settings, the durable queue and members' unsubscribes (docs/decisions/037-member-emails.md).
  emailSettings: { table: "email_settings", owners: ["app/loyalty/emails/email-store.server.ts"] },
  memberEmail: { table: "member_emails", owners: ["app/loyalty/emails/email-store.server.ts"] },
  emailOptOut: { table: "email_opt_outs", owners: ["app/loyalty/emails/email-store.server.ts"] },
  // The public API's keys, its call log and the idempotency keys of its writes (docs/decisions/034-public-api.md).
  apiKey: { table: "api_keys", owners: ["app/loyalty/api-access/api-key-store.server.ts"] },
  apiCall: { table: "api_calls", owners: ["app/loyalty/api-access/api-call-log.server.ts"] },
  apiIdempotencyKey: { table: "api_idempotency_keys", owners: ["app/loyalty/api-access/idempotency-keys.server.ts"] },
  // Customer metafields and tier tags in Shopify kept in step with members (docs/decisions/036-customer-metafields.md).
  customerMetafieldSync: { table: "customer_metafield_syncs", owners: ["app/loyalty/metafields/metafield-store.server.ts"] },
  customerMetafieldShop: { table: "customer_metafield_shops", owners: ["app/loyalty/metafields/metafield-store.server.ts"] },
  // The products of the collections the program names, read from the Admin API (docs/decisions/042-bonus-campaigns-and-collections.md).
  collectionProduct: { table: "collection_products", owners: ["app/loyalty/collections/collection-store.server.ts"] },
  collectionRefresh: { table: "collection_refreshes", owners: ["app/loyalty/collections/collection-store.server.ts"] },
  // Catalogue rewards granted on reaching a tier, queued by the feed and issued by a job (docs/decisions/050-tier-entry-rewards-and-grace.md).
  tierRewardGrant: { table: "tier_reward_grants", owners: ["app/loyalty/tiers/tier-grant-store.server.ts"] },
  // Not a loyalty table: the webhook queue's own, written by its intake (on the driver) and its queue.
  webhookDelivery: {
    table: "webhook_deliveries",
    owners: ["app/queue/delivery-queue.server.ts", "app/queue/delivery-intake-store.server.ts"],
  },
  // Shopify's sessions. Shopify's library writes them too, through the PrismaSessionStorage this module makes.
  session: { table: "Session", owners: ["app/shopify-sessions.server.ts"] },
};

/**
 * Files allowed to write tables they do not own while a branch rewriting them is on its way; each entry says
 * which and goes when it lands. None today.
 */
export const PENDING_EXEMPTIONS = [];

/**
 * Adapters: HTTP, schedule, queue, strings, UI, read models. They read through TallyDatabase's `read` and write
 * only by calling an owner.
 */
export const ADAPTER_FOLDERS = [
  "app/admin/",
  "app/shopper/",
  "app/jobs/",
  "app/webhooks/",
  "app/compliance/",
  "app/routes/",
  "app/demo/",
  "app/public-api/",
];

/** Where anything goes: opening the database and running migrations. */
export const DATABASE_FOLDER = "app/db/";
