// The one place time-based work runs from: on a timer inside the app, and once per `npm run jobs` for cron.
// Every job is idempotent, so overlapping runs (two instances, a timer and cron) only repeat no-ops.
import type { TallyDatabase } from "~/db/database.server";
import type { AdminGraphql } from "~/shopify-admin/run-admin-query.server";
import { workDueDeliveries } from "~/webhooks/delivery-worker.server";
import { expireInactivePoints } from "~/loyalty/expiry/expire-points.server";
import type { ReportJobFailure } from "~/loyalty/job-failures";
import { logJobFailure } from "~/operations/job-failure-log.server";
import { threadCounts } from "~/operations/thread-counts.server";
import { afterSettlement } from "~/operations/settlement-first.server";
import { settleDueOrders } from "./post-due-orders.server";
import { reachableShops, reconcileShops } from "./reconcile-shops.server";
import { advanceHistoryRuns } from "./shop-history.server";
import { releaseLapsedRedemptions, type DeactivateDiscount } from "~/loyalty/redemption/release-lapsed-redemptions.server";
import { publishLoyaltyEvents } from "~/loyalty/events/publish-events.server";
import { checkAgedTiers } from "~/loyalty/tiers/tier-aging.server";
import { payBirthdayBonuses } from "~/loyalty/bonuses/grant-birthday-bonus.server";
import { grantTierEntryRewards } from "~/loyalty/tiers/tier-entry-rewards.server";
import { issueDueTierGrants } from "~/loyalty/tiers/issue-tier-grants.server";
import { fanOutToEndpoints } from "~/loyalty/outgoing-webhooks/fan-out.server";
import { sendDueWebhooks, type WebhookSending } from "~/loyalty/outgoing-webhooks/send-webhooks.server";
import { queueFlowTriggers } from "~/loyalty/flow/flow-consumer.server";
import { sendDueFlowTriggers } from "~/loyalty/flow/send-flow-triggers.server";
import { queueEmailsFromFeed } from "~/loyalty/emails/email-feed.server";
import { queueExpiryReminders } from "~/loyalty/emails/expiry-reminders.server";
import { sendDueEmails, type EmailSending } from "~/loyalty/emails/send-emails.server";
import { markChangedMembers } from "~/loyalty/metafields/mark-members.server";
import { repairMetafieldDefinitions } from "~/loyalty/metafields/metafield-definitions.server";
import { syncCustomerMetafields } from "~/loyalty/metafields/sync-metafields.server";
import { refreshDueCollections } from "~/loyalty/collections/refresh-collections.server";
import { runClockFrom } from "~/operations/job-share.server";

/** How often each shop's orders are checked against the Admin API for missed webhooks. */
export const RECONCILE_EVERY_MS = 60 * 60_000;

export interface JobRun {
  /** Shops whose recent orders were checked against the Admin API this run, and how many of those failed. */
  reconciled: { shops: number; failed: number };
  deliveries: { processed: number; failed: number };
  ordersSettled: number;
  redemptionsReleased: number;
  membersExpired: number;
  /** Shop-history runs (install day's read of customers and past orders) moved on by one step. */
  historyRuns: number;
  /** Members whose tier moved in the daily tier check (orders that left the qualifying window). */
  membersRetiered: number;
  /** Birthday bonuses paid (members whose birthday is today, or a day of the catch-up window, in their shop's time zone). */
  birthdayBonuses: number;
  /** Loyalty events added to the feed this run, and outgoing webhooks delivered and failed (to be retried). */
  loyaltyEvents: number;
  webhooks: { delivered: number; failed: number };
  /** Tiers' catalogue entry rewards issued through the Admin API this run, and attempts that failed (retried later). */
  tierRewards: { issued: number; failed: number };
  /** Shopify Flow triggers sent, and not sent this run (to be retried, or failed after a day). */
  flow: { sent: number; failed: number };
  /** Member emails sent (or kept in the outbox) and failed (to be retried) this run. */
  emails: { sent: number; failed: number };
  /** Members whose customer metafields (and tier tag) were written to Shopify this run, and writes that failed. */
  metafields: { written: number; failed: number };
  /** Collections whose products were read again from the Admin API (excluded ones, campaigns'). */
  collectionsRefreshed: number;
  /** Jobs, shops and items that failed this run (each reported on stderr, skipped, and tried again next run). */
  failures: number;
}

export interface JobDependencies {
  deactivateDiscount: DeactivateDiscount;
  /**
   * The Admin API of a shop, for the order reconciliation, Shopify Flow's triggers, tiers' catalogue entry rewards
   * and store credits whose answer was lost; without it none runs (the feed still queues the triggers and the
   * rewards, sent once it is given).
   */
  adminFor?: (shop: string) => Promise<AdminGraphql>;
  /** How outgoing webhooks are signed and where they may go; without it the feed fills but nothing is sent. */
  webhookSending?: WebhookSending;
  /** How member emails are sent (or kept in the outbox); without it they are queued but nothing goes. */
  emailSending?: EmailSending;
  /**
   * The Admin API of a shop, for customer metafields and tier tags (docs/metafields.md); without it members are
   * marked by the feed's consumer but nothing is written to Shopify.
   */
  metafieldsAdminFor?: (shop: string) => Promise<AdminGraphql>;
}

export async function runDueJobs(db: TallyDatabase, now: Date, dependencies: JobDependencies): Promise<JobRun> {
  // The senders lease what they claim from the moment they claim it, which may be well into the run
  // (job-share.server.ts); every other job reads the run's one `now`.
  const clock = runClockFrom(now);
  let failures = 0;
  const report: ReportJobFailure = (failure, error) => {
    failures += 1;
    threadCounts().jobFailure(failure.job);
    logJobFailure(failure, error);
  };
  // Every job runs whatever happened to the one before it.
  const job = async <T>(name: string, run: () => Promise<T>, otherwise: T): Promise<T> => {
    threadCounts().jobRun(name);
    await afterSettlement();
    try {
      return await run();
    } catch (error) {
      report({ job: name, shop: "every shop" }, error);
      return otherwise;
    }
  };
  // Reconcile first: whatever it finds missing is queued and worked in this same run.
  const adminFor = dependencies.adminFor;
  const reconciliations = adminFor
    ? await job("order reconciliation", () => reconcileShops(db, now, adminFor, { notSince: new Date(now.getTime() - RECONCILE_EVERY_MS) }), [])
    : [];
  for (const result of reconciliations) {
    if (result.ok) continue;
    // Counted in `reconciled.failed` below, not in `failures`; the next run covers the same window again.
    threadCounts().jobFailure("order reconciliation");
    logJobFailure({ job: "order reconciliation", shop: result.shop }, result.error);
  }
  const reconciled = { shops: reconciliations.length, failed: reconciliations.filter((result) => !result.ok).length };
  // Before the queue: what is settled in this run reads the collections as Shopify has them within the hour.
  const collectionsRefreshed = adminFor ? await job("collection products", async () => refreshDueCollections(db, now, await reachableShops(db), adminFor, report), 0) : 0;
  // Before the queue: an order a webhook and the history both bring is recorded by whichever comes first.
  const historyRuns = adminFor ? await job("shop history", () => advanceHistoryRuns(db, now, adminFor, report), 0) : 0;
  const deliveries = await job("webhook queue", () => workDueDeliveries(db, () => now), { processed: 0, failed: 0 });
  const ordersSettled = await job("due orders", () => settleDueOrders(db, now, report), 0);
  const redemptionsReleased = await job("lapsed reward codes", () => releaseLapsedRedemptions(db, now, dependencies.deactivateDiscount, report, adminFor), 0);
  const membersExpired = await job("points expiry", () => expireInactivePoints(db, now, report), 0);
  const membersRetiered = await job("tier check", () => checkAgedTiers(db, now, report), 0);
  const birthdayBonuses = await job("birthday bonus", () => payBirthdayBonuses(db, now, report), 0);
  // Last, so that the feed sees what this run committed; sending waits on merchants' servers, never on Shopify's.
  const loyaltyEvents = (await job("loyalty events", () => publishLoyaltyEvents(db, now, [fanOutToEndpoints, grantTierEntryRewards, queueFlowTriggers, queueEmailsFromFeed, markChangedMembers], report), { shops: 0, events: 0 })).events;
  // After the feed, so a reward queued in this run is asked of Shopify in this run, outside the feed's transaction.
  const tierRewards = adminFor ? await job("tier entry rewards", () => issueDueTierGrants(db, now, adminFor, report), { issued: 0, failed: 0 }) : { issued: 0, failed: 0 };
  const sending = dependencies.webhookSending;
  const webhooks = sending ? await job("outgoing webhooks", () => sendDueWebhooks(db, now, sending, report, clock), { delivered: 0, failed: 0 }) : { delivered: 0, failed: 0 };
  const flow = adminFor ? await job("flow triggers", () => sendDueFlowTriggers(db, now, adminFor, clock), { sent: 0, failed: 0 }) : { sent: 0, failed: 0 };
  await job("points expiring emails", () => queueExpiryReminders(db, now, report), 0);
  const emailSending = dependencies.emailSending;
  const emails = emailSending ? await job("member emails", () => sendDueEmails(db, now, emailSending, report, clock), { sent: 0, failed: 0 }) : { sent: 0, failed: 0 };
  const metafieldsAdmin = dependencies.metafieldsAdminFor;
  let metafields = { written: 0, failed: 0 };
  if (metafieldsAdmin) {
    metafields = await job(
      "customer metafields",
      async () => {
        // Only shops whose Admin API Tally can reach: a shop without an offline session waits for its install.
        const shops = await reachableShops(db);
        await repairMetafieldDefinitions(db, now, shops, metafieldsAdmin, report);
        return syncCustomerMetafields(db, now, shops, metafieldsAdmin, report);
      },
      metafields,
    );
  }
  threadCounts().jobRunnerCompleted();
  return { reconciled, collectionsRefreshed, historyRuns, deliveries, ordersSettled, redemptionsReleased, membersExpired, membersRetiered, birthdayBonuses, loyaltyEvents, webhooks, tierRewards, flow, emails, metafields, failures: failures + reconciled.failed };
}
