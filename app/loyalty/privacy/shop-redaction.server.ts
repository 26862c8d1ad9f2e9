// shop/redact: 48 hours after a shop uninstalls, Shopify asks us to delete everything we hold for it. The ledger
// is erased through its writer (the only deletion it allows), then the rest. Each step is idempotent, so a
// retried delivery after a crash half-way finishes the job. Each table's owner deletes its rows
// (app/db/table-owners.mjs), in the caller's unit of work.
import type { TallyDatabase } from "~/db/database.server";
import { eraseShopOrders, eraseShopReferralSums } from "~/loyalty/earning/order-erasure.server";
import { eraseShopApiCalls } from "~/loyalty/api-access/api-call-log.server";
import { eraseShopApiKeys } from "~/loyalty/api-access/api-key-store.server";
import { eraseShopIdempotencyKeys } from "~/loyalty/api-access/idempotency-keys.server";
import { eraseShopImports } from "~/loyalty/imports/import-erasure.server";
import { eraseShopHistoryRuns } from "~/loyalty/shop-history/history-run-store.server";
import { eraseShopMembers } from "~/loyalty/members/member-store.server";
import { eraseShopRecord } from "~/loyalty/program/shop-store.server";
import { eraseShopRedemptions } from "~/loyalty/redemption/redemption-store.server";
import { eraseShopTierGrants } from "~/loyalty/tiers/tier-grant-store.server";
import { eraseShopReferrals } from "~/loyalty/referrals/referral-store.server";
import { dropShopSessions } from "~/shopify-sessions.server";
import { eraseShopDeliveries } from "~/queue/delivery-queue.server";
import { eraseShopFeed } from "~/loyalty/events/event-feed-store.server";
import { eraseShopWebhooks } from "~/loyalty/outgoing-webhooks/endpoint-store.server";
import { eraseShopFlowSends } from "~/loyalty/flow/flow-send-store.server";
import { eraseShopEmails } from "~/loyalty/emails/email-store.server";
import { eraseShopMetafields } from "~/loyalty/metafields/metafield-store.server";
import { eraseShopCollections } from "~/loyalty/collections/collection-store.server";
import { eraseShopDataRequests } from "./data-requests.server";
import { forgetShopRedactedCustomers } from "./redacted-customers.server";

export interface ShopRedactionReport {
  transfers: number;
  balances: number;
  auditEvents: number;
  imports: number;
  orders: number;
  members: number;
  dataRequests: number;
  sessions: number;
  shops: number;
  loyaltyEvents: number;
  webhookEndpoints: number;
}

export async function redactShop(db: TallyDatabase, shop: string): Promise<ShopRedactionReport> {
  const ledger = await db.ledger.eraseShopLedger(shop);
  const dataRequests = await eraseShopDataRequests(db, shop);
  const imports = await eraseShopImports(db, shop);
  // The shop-history runs name no customer, but they are the shop's.
  await eraseShopHistoryRuns(db, shop);
  // Orders keep buyers' normalised emails and address keys; referrals, reward codes and deliveries name
  // customers too. The orders go with the rollups their writer keeps.
  const orders = await eraseShopOrders(db, shop);
  await eraseShopReferrals(db, shop);
  await eraseShopRedemptions(db.prisma, shop);
  await eraseShopTierGrants(db.prisma, shop);
  await eraseShopDeliveries(db, shop);
  // The event feed names members and customers; the merchant's endpoints and what was sent to them go with it.
  const loyaltyEvents = await eraseShopFeed(db.prisma, shop);
  const webhookEndpoints = await eraseShopWebhooks(db.prisma, shop);
  await eraseShopFlowSends(db.prisma, shop);
  // Member emails: the settings (with the sealed SMTP password), the queue and the unsubscribes.
  await eraseShopEmails(db.prisma, shop);
  // What the customer metafields sync keeps: members to write, what Shopify was given, the shop's definitions.
  await eraseShopMetafields(db.prisma, shop);
  // The products of the collections the program named.
  await eraseShopCollections(db.prisma, shop);
  await forgetShopRedactedCustomers(db, shop);
  // Deleting the referrals moved no sums (only their writer does, one referral at a time); their sums go too.
  await eraseShopReferralSums(db, shop);
  const members = await eraseShopMembers(db, shop);
  // The public API's keys, its call log and the idempotency keys of its writes.
  await eraseShopApiCalls(db, shop);
  await eraseShopIdempotencyKeys(db, shop);
  await eraseShopApiKeys(db, shop);
  const sessions = await dropShopSessions(db, shop);
  const shops = await eraseShopRecord(db, shop);
  return { ...ledger, members, dataRequests, imports, orders, sessions, shops, loyaltyEvents, webhookEndpoints };
}
