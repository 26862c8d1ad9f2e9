// The admin's pages, in menu order: one list for Shopify's App Bridge menu and for the demo's frame.
import { en } from "./strings/en";

export interface AdminPage {
  url: string;
  label: string;
}

export const ADMIN_HOME = "/app";

export const ADMIN_PAGES: readonly AdminPage[] = [
  { url: "/app", label: en.nav.dashboard },
  { url: "/app/program", label: en.nav.program },
  { url: "/app/members", label: en.nav.members },
  { url: "/app/referrals", label: en.nav.referrals },
  { url: "/app/activity", label: en.nav.activity },
  { url: "/app/import-export", label: en.nav.importExport },
  { url: "/app/data-requests", label: en.nav.dataRequests },
  { url: "/app/failed-deliveries", label: en.nav.failedDeliveries },
  { url: "/app/outgoing-webhooks", label: en.nav.outgoingWebhooks },
  { url: "/app/api-keys", label: en.nav.apiKeys },
  { url: "/app/emails", label: en.nav.emails },
];
