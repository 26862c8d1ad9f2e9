// Moves each shop-history run on by one step (docs/decisions/046-shop-history-on-install.md): start Shopify's bulk
// read of the customers, wait for it, make them members, start the bulk read of the window's orders, wait for it,
// record them. The state is the run's row, so a restart (or another instance) carries on from the last step; a
// step repeated after a crash repeats only no-ops. The orders read are turned into the very payloads
// orders/paid and refunds/create deliver (reconciled-payloads.ts) and parsed by the handlers' schemas, so a
// historical order is recorded exactly as a live one.
import type { TallyDatabase } from "~/db/database.server";
import type { ReportJobFailure } from "~/loyalty/job-failures";
import { markBulkProgress, markBulkStarted, markCustomersRead, markDone, markFailed } from "~/loyalty/shop-history/history-run-store.server";
import { ACTIVE_HISTORY_STATUSES } from "~/loyalty/shop-history/history-window";
import { recordHistoryCustomers, recordHistoryOrders, type HistoryCustomer, type HistoryOrderFacts } from "~/loyalty/shop-history/record-shop-history.server";
import { bulkOperationNow, parseBulkLines, readBulkResult, startBulkQuery } from "~/shopify-admin/bulk-operations.server";
import { assembleHistoryOrders, type HistoryOrder } from "~/shopify-admin/history-orders";
import type { AdminGraphql } from "~/shopify-admin/run-admin-query.server";
import { HISTORY_CUSTOMERS_BULK_QUERY, historyCustomerLine, historyOrdersBulkQuery, historyOrdersLine, type HistoryCustomerLine } from "~/shopify-admin/shop-history-bulk-queries";
import { orderPayload } from "~/shopify-input/order-payload";
import { refundPayload } from "~/shopify-input/refund-payload";
import { orderRefund, paidOrder } from "~/webhooks/delivery-handlers.server";
import { paidOrderSpend, refundSpend } from "~/loyalty/earning/order-spend.server";
import type { OrderRefund } from "~/loyalty/earning/order-store.server";
import { programRulesNow } from "~/loyalty/program/shop-store.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { orderWebhookPayload, refundWebhookPayload, wasPaid } from "./reconciled-payloads";

const ACCOUNT_STATES = new Set(["disabled", "invited", "enabled", "declined"]);

interface RunRow {
  id: string;
  shop: string;
  status: string;
  since: Date;
  until: Date;
  bulkOperationId: string | null;
}

function historyCustomer(line: HistoryCustomerLine): HistoryCustomer {
  const state = line.state.toLowerCase();
  return {
    customerId: line.legacyResourceId,
    email: line.defaultEmailAddress?.emailAddress ?? null,
    firstName: line.firstName,
    lastName: line.lastName,
    state: ACCOUNT_STATES.has(state) ? (state as HistoryCustomer["state"]) : null,
  };
}

/** A paid order of the window as orders/paid and refunds/create would have carried it; null for any other. */
async function historyOrderFacts(db: TallyDatabase, read: HistoryOrder, run: RunRow, rules: ProgramRules): Promise<HistoryOrderFacts | null> {
  const { order } = read;
  if (!wasPaid(order)) return null;
  const payload = orderPayload.parse(orderWebhookPayload(order));
  // Eligible spend as the program counts it now, excluded collections and all, as for a webhook's order.
  const paid = paidOrder(payload, await paidOrderSpend(db, run.shop, rules, payload));
  // Orders paid from the run's moment on are the webhooks' (subscribed since the install): the webhook pays them.
  if (paid.paidAt.getTime() >= run.until.getTime() || paid.paidAt.getTime() < run.since.getTime()) return null;
  const refunds: OrderRefund[] = [];
  for (const { refund, lines } of read.refunds) {
    const parsed = refundPayload.parse(refundWebhookPayload(order, refund, lines));
    refunds.push(orderRefund(parsed, await refundSpend(db, run.shop, rules, parsed)));
  }
  return { paid, refunds };
}

/** Waits on the run's bulk operation: its result's lines once it has completed, null while it runs. */
async function completedLines(db: TallyDatabase, run: RunRow, admin: AdminGraphql, now: Date): Promise<unknown[] | null> {
  if (!run.bulkOperationId) throw new Error("the run waits on no bulk operation");
  const operation = await bulkOperationNow(admin, run.bulkOperationId);
  if (!operation) throw new HistoryRunFailure(`Shopify no longer knows the bulk operation ${run.bulkOperationId}.`);
  if (operation.status === "CREATED" || operation.status === "RUNNING") {
    await markBulkProgress(db, run.id, operation.objectCount, now);
    return null;
  }
  if (operation.status !== "COMPLETED") {
    throw new HistoryRunFailure(`Shopify's bulk operation ended ${operation.status.toLowerCase()}${operation.errorCode ? ` (${operation.errorCode})` : ""}.`);
  }
  return readBulkResult(operation.url);
}

/** A run that cannot go on: it is marked failed with this reason rather than tried again. */
class HistoryRunFailure extends Error {
  override name = "HistoryRunFailure";
}

/** A result Tally cannot read will not read better next time: the run stops with what was wrong. */
function readable<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new HistoryRunFailure(`Shopify's result could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function step(db: TallyDatabase, run: RunRow, admin: AdminGraphql, now: Date): Promise<void> {
  if (run.status === "queued") {
    await markBulkStarted(db, run.id, "queued", "customers", await startBulkQuery(admin, HISTORY_CUSTOMERS_BULK_QUERY), now);
    return;
  }
  if (run.status === "customers") {
    const lines = await completedLines(db, run, admin, now);
    if (!lines) return;
    const customers = readable(() => parseBulkLines(lines, historyCustomerLine).map(historyCustomer));
    const membersCreated = await recordHistoryCustomers(db, run.shop, customers);
    await markCustomersRead(db, run.id, { customersRead: customers.length, membersCreated }, now);
    await markBulkStarted(db, run.id, "customers", "orders", await startBulkQuery(admin, historyOrdersBulkQuery(run.since, run.until)), now);
    return;
  }
  if (run.status === "orders") {
    const lines = await completedLines(db, run, admin, now);
    if (!lines) return;
    const read = readable(() => assembleHistoryOrders(parseBulkLines(lines, historyOrdersLine)));
    const rules = await programRulesNow(db.sql, run.shop);
    const orders: HistoryOrderFacts[] = [];
    for (const order of read) {
      const facts = await historyOrderFacts(db, order, run, rules);
      if (facts) orders.push(facts);
    }
    const recorded = await recordHistoryOrders(db, run.shop, orders, now);
    const { membersCreated } = await db.read.shopHistoryImport.findUniqueOrThrow({ where: { id: run.id }, select: { membersCreated: true } });
    await markDone(db, run.id, { ordersRead: read.length, ordersRecorded: recorded.ordersRecorded, membersCreated: membersCreated + recorded.membersCreated }, now);
  }
}

/** One step of one run, under the run's lock; a failure Shopify reported ends the run with its reason. */
export async function advanceHistoryRun(db: TallyDatabase, runId: string, admin: AdminGraphql, now: Date): Promise<void> {
  await db.withLock(`shop-history:${runId}`, async () => {
    const run = await db.read.shopHistoryImport.findUnique({ where: { id: runId }, select: { id: true, shop: true, status: true, since: true, until: true, bulkOperationId: true } });
    if (!run || !ACTIVE_HISTORY_STATUSES.includes(run.status as (typeof ACTIVE_HISTORY_STATUSES)[number])) return;
    try {
      await step(db, run, admin, now);
    } catch (error) {
      if (!(error instanceof HistoryRunFailure)) throw error;
      await markFailed(db, run.id, error.message, now);
    }
  });
}

/**
 * Every run under way, one step each. A run whose step throws (Shopify down, a token expired) is reported and
 * tried again next time from the same state; after a day of that it is marked failed with the last error.
 */
export async function advanceHistoryRuns(db: TallyDatabase, now: Date, adminFor: (shop: string) => Promise<AdminGraphql>, report: ReportJobFailure): Promise<number> {
  const runs = await db.read.shopHistoryImport.findMany({ where: { status: { in: [...ACTIVE_HISTORY_STATUSES] } }, select: { id: true, shop: true, updatedAt: true }, orderBy: { createdAt: "asc" } });
  let advanced = 0;
  for (const run of runs) {
    try {
      await advanceHistoryRun(db, run.id, await adminFor(run.shop), now);
      advanced += 1;
    } catch (error) {
      report({ job: "shop history", shop: run.shop }, error);
      if (now.getTime() - run.updatedAt.getTime() > STALLED_AFTER_MS) await markFailed(db, run.id, error instanceof Error ? error.message : String(error), now);
    }
  }
  return advanced;
}

/** A run that has not moved for this long despite retries is given up, so the page says why. */
export const STALLED_AFTER_MS = 24 * 60 * 60_000;
