// Searches every table of a test database for what names a customer. The database is asked which tables it has
// (sqlite_master / information_schema), and each must be either searched or listed below with the reason it holds
// nothing about customers: a new table fails the search until someone decides which it is (docs/privacy.md).
import type { TestDatabase } from "./test-database";

/** Every table that can hold something about a customer; all of their columns are read. */
export const SEARCHED_TABLES = [
  // Shopify's session storage: staff members' names and emails, searched all the same.
  "Session",
  // The public API's call log keeps member ids in its paths (never a query string or a body).
  "api_calls",
  "api_idempotency_keys",
  "api_keys",
  "audit_events",
  "balances",
  "customer_gains",
  "customer_lapses",
  // The customer metafields sync (docs/metafields.md): the referral code Shopify was given; a redacted member's
  // row goes.
  "customer_metafield_shops",
  "customer_metafield_syncs",
  "data_requests",
  // Shopify Flow's sends: event ids, triggers and errors, never the payload (built from the event when sent).
  "flow_trigger_sends",
  // Member emails (docs/emails.md): the queue holds member ids and, until it went, a friend's address; opt-outs
  // hold member ids; the settings hold the merchant's SMTP login.
  "email_opt_outs",
  "email_settings",
  "imports",
  "ledger_daily",
  "ledger_note_redactions",
  "ledger_redactions",
  // The loyalty event feed and outgoing webhooks (docs/outgoing-webhooks.md): events carry customer ids and
  // balances; a redacted customer's events keep no data and their waiting deliveries go.
  "loyalty_event_cursors",
  "loyalty_events",
  "member_tier_marks",
  "member_emails",
  "members",
  "order_daily",
  "order_refunds",
  "orders",
  "outgoing_webhook_deliveries",
  "redacted_customers",
  "redemptions",
  "referral_daily",
  "referrals",
  "shopper_order_days",
  // The shop-history runs (docs/shop-history.md): counts, Shopify's ids of bulk operations and a failure's reason;
  // searched in case a reason ever quotes what Shopify sent.
  "shop_history_imports",
  "shops",
  // Catalogue rewards granted on reaching a tier: member ids, codes and the reward's terms, never a customer's data.
  "tier_reward_grants",
  "transfers",
  "webhook_deliveries",
  "webhook_endpoints",
] as const;

/** Tables that hold nothing about customers, and why. */
export const TABLES_WITHOUT_CUSTOMER_DATA: Record<string, string> = {
  _prisma_migrations: "the names and checksums of the applied migration files",
  collection_products: "the shop's collection and product ids, as the Admin API lists them (no customer, no order)",
  collection_refreshes: "when each collection the program names was read, and its title",
};

export async function databaseTables(t: TestDatabase): Promise<string[]> {
  const rows =
    t.kind === "sqlite"
      ? await t.sql<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      : await t.sql<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`);
  return rows.map((row) => row.name).sort();
}

function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString("utf8");
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export interface Finding {
  table: string;
  column: string;
  needle: string;
  value: string;
}

/** Every cell of every searched table that contains one of the needles, case-insensitively. */
export async function findPersonalData(t: TestDatabase, needles: readonly string[]): Promise<Finding[]> {
  const lowered = needles.map((needle) => needle.toLowerCase());
  const findings: Finding[] = [];
  for (const table of SEARCHED_TABLES) {
    for (const row of await t.sql<Record<string, unknown>>(`SELECT * FROM "${table}"`)) {
      for (const [column, value] of Object.entries(row)) {
        const cell = text(value).toLowerCase();
        for (const needle of lowered) {
          if (cell.includes(needle)) findings.push({ table, column, needle, value: cell.slice(0, 200) });
        }
      }
    }
  }
  return findings;
}
