// Works through the delivery queue: one delivery at a time per process, so two events of one order are never settled
// at once by the same instance (across instances, the shop's settlement lock keeps them apart). Each delivery's
// work, and marking it done, is all or nothing: a failure leaves nothing of it, and it is retried with backoff
// (delivery-queue.server.ts, docs/decisions/020-a-delivery-is-one-transaction.md). When several are due, they are
// settled in one transaction; should one of them fail, nothing of that transaction stays and each is settled again
// in a transaction of its own, so the one that fails is failed alone (docs/decisions/033-settlement-on-the-driver.md,
// 059-fewer-round-trips-per-delivery.md).
//
// The worker shares the app's one event loop with the webhook intake, and settling an order costs many times what
// taking in a delivery does. While deliveries arrive faster than it could settle them it therefore takes at most
// a tenth of the loop: Shopify gets its answers fast during a burst, and the queue, which is durable, is worked
// at full speed once the burst is over (docs/decisions/011-webhook-intake-ahead-of-remix.md).
import { isMainThread } from "node:worker_threads";
import type { TallyDatabase } from "~/db/database.server";
import { createBurstDetector } from "./burst-detector";
import { applyDelivery } from "./delivery-handlers.server";
import { SHOP_SETTLEMENT_LOCK_PREFIX, shopSettlementLock } from "~/loyalty/earning/settlement-lock.server";
import { anyDueDelivery, claimDueDeliveries, completeDeliveries, failDelivery, takeDueDeliveries, takeQueuedDelivery, type ClaimedDelivery } from "~/queue/delivery-queue.server";
import { installedRulesInUnit, type InstalledRules } from "./departed-shops.server";
import { reportDeliveryFailed, reportDeliverySettled } from "~/operations/delivery-reports.server";
import { log } from "~/operations/logger.server";
import { settlementRuns } from "~/operations/settlement-first.server";
import { kickSettlementThread } from "./settlement-thread.server";

/** Deliveries claimed and settled in one transaction when that many are due. */
export const SETTLE_BATCH = 25;
/**
 * During a burst, fewer: on SQLite a transaction keeps the intake's inserts waiting until it commits, and Shopify's
 * answers must stay fast.
 */
const BURST_BATCH = 4;
/**
 * With the worker on its own thread, the least time a transaction settles before it gives SQLite's write lock to
 * the intake (settleBatch): the intake waits at most about this long, and settlement still moves when deliveries
 * arrive without end. Each commit costs the thread about a millisecond (SQLite writes every page the transaction
 * changed into the WAL, once however many deliveries changed it), so a longer turn settles more per commit; in
 * the bench 10 ms settled more per second than 5, 15 or 20 (docs/decisions/055-fewer-statements-per-delivery.md).
 */
const LEAST_TURN_MS = 10;
/**
 * On SQLite, once the last BEHIND_TURNS transactions each ended on their turn with deliveries of their batch left,
 * settlement is behind the intake: turns of BEHIND_TURN_MS and batches of BEHIND_BATCH then settle more per second
 * (docs/performance.md), since each commit writes the pages its deliveries share once. They keep the intake's
 * batches waiting longer, so while settlement keeps up, and through a short spike, the turns stay short
 * (docs/decisions/075-longer-turns-when-settlement-is-behind.md).
 */
const BEHIND_TURNS = 10;
const BEHIND_TURN_MS = 20;
const BEHIND_BATCH = 50;
/** The share of the event loop the worker may take during a burst. */
const SHARE_DURING_BURST = 0.1;
// 200 deliveries per second: well above what one process settles (about 80 orders/s on SQLite, docs/performance.md).
const burst = createBurstDetector({ windowMs: 100, arrivals: 20, now: () => performance.now() });

/** Called by the intake for every delivery that reaches it. */
export function noteDeliveryArrived(): void {
  burst.arrived();
}

async function yieldToIntake(workedMs: number): Promise<void> {
  // Between two deliveries, always let waiting I/O run. On SQLite every database call resolves at once, so
  // without this the worker would go from one delivery to the next on promise callbacks alone and hold off
  // incoming requests (and so never see that a burst is on) until the queue was empty. Below a burst's rate,
  // this alone keeps a request's wait to at most one delivery's work.
  await new Promise((resolve) => setImmediate(resolve));
  if (!burst.burstOn()) return;
  const pauseMs = workedMs * (1 / SHARE_DURING_BURST - 1);
  await new Promise((resolve) => setTimeout(resolve, pauseMs));
}

export interface QueueRun {
  processed: number;
  failed: number;
}

/**
 * One delivery's work, in the caller's unit of work, which marks it done with it; false when its shop is gone and
 * it is left unworked (departed-shops.server.ts).
 */
async function settleDelivery(tx: TallyDatabase, delivery: ClaimedDelivery, clock: () => Date, rulesOf: InstalledRules): Promise<boolean> {
  const rules = await rulesOf(delivery.shop);
  if (!rules) return false;
  await applyDelivery(tx, delivery, clock(), { rules });
  return true;
}

/** How a delivery settled alone (after its batch failed) went: its work done, left unworked, or already gone. */
type AloneOutcome = "settled" | "skipped" | "gone";

/**
 * A delivery settled alone, in a transaction of its own with its completion. On SQLite it is taken again inside
 * that transaction, as the batch's rollback left it queued, and another process may have settled it since;
 * `taken` is told the delivery as taken (its attempt's number), for the failure to be recorded against.
 */
function settleAlone(db: TallyDatabase, delivery: ClaimedDelivery, clock: () => Date, taken: (delivery: ClaimedDelivery) => void): Promise<AloneOutcome> {
  return db.transaction(async (tx) => {
    const current = db.kind === "sqlite" ? await takeQueuedDelivery(tx, delivery.id) : delivery;
    if (!current) return "gone";
    taken(current);
    const worked = await settleDelivery(tx, current, clock, installedRulesInUnit(tx));
    await completeDeliveries(tx, [current.id], clock());
    return worked ? "settled" : "skipped";
  });
}

/** What a batch did, told to the metrics and the log once it has committed. */
interface BatchOutcome {
  settled: ClaimedDelivery[];
  skipped: number;
  failures: { delivery: ClaimedDelivery; error: unknown }[];
}

/**
 * Runs `work` holding the settlement locks of every shop in `batch`, taken in one order (by name) before anything
 * is written: two instances whose batches share shops then wait for each other before holding any row, never in
 * a cycle (settlement-lock.server.ts, `shopSettlementLock`). Inside the unit they are held until it commits.
 */
function withShopLocks<T>(tx: TallyDatabase, batch: ClaimedDelivery[], work: () => Promise<T>): Promise<T> {
  const names = [...new Set(batch.map((delivery) => shopSettlementLock(delivery.shop)))].sort();
  return names.reduceRight<() => Promise<T>>((inner, name) => () => tx.withLock(name, inner), work)();
}

/**
 * Where a batch comes from, inside the unit of work that settles it: on PostgreSQL the deliveries claimed before
 * it, under a lease; on SQLite the due deliveries, taken in the unit itself (takeDueDeliveries).
 */
type BatchSource = (tx: TallyDatabase) => Promise<ClaimedDelivery[]>;

/** What settleBatch leaves: how many deliveries the batch held, and those still claimed for the next unit to take first. */
interface BatchRun {
  taken: number;
  left: ClaimedDelivery[];
  /** The transaction ended on its turn, with deliveries of its batch not reached. */
  cut: boolean;
}

/**
 * Settles a batch in one transaction. Should a delivery fail, or the transaction itself (its commit, a lost
 * connection), nothing of it stays and each delivery is settled again in a transaction of its own, where one that
 * fails is failed with backoff. A savepoint per delivery would keep the others' work instead, but costs two round
 * trips per delivery on PostgreSQL for what almost never happens. When another thread waits for SQLite's write
 * lock (the intake, with the worker on its own thread), the transaction ends after the delivery in hand once it
 * has had its least turn. The deliveries it did not reach stay queued on SQLite; on PostgreSQL they are left,
 * still claimed, for the next transaction to take first.
 */
async function settleBatch(db: TallyDatabase, source: BatchSource, clock: () => Date, run: QueueRun, leastTurnMs: number): Promise<BatchRun> {
  let outcome: BatchOutcome;
  let batch: ClaimedDelivery[] = [];
  let left: ClaimedDelivery[] = [];
  let cut = false;
  try {
    outcome = await db.transaction(async (tx) => {
      batch = await source(tx);
      return withShopLocks(tx, batch, async () => {
        // The turn counts from when the transaction holds the write lock, not from when it asked for it.
        const started = performance.now();
        const done: BatchOutcome = { settled: [], skipped: 0, failures: [] };
        const rulesOf = installedRulesInUnit(tx);
        const completed: string[] = [];
        for (const [index, delivery] of batch.entries()) {
          if (index > 0 && performance.now() - started >= leastTurnMs && tx.writeLockWanted()) {
            left = db.kind === "postgres" ? batch.slice(index) : [];
            cut = true;
            break;
          }
          if (await settleDelivery(tx, delivery, clock, rulesOf)) done.settled.push(delivery);
          else done.skipped += 1;
          completed.push(delivery.id);
        }
        await completeDeliveries(tx, completed, clock());
        return done;
      });
    });
  } catch (error) {
    // Nothing was taken (the database refused the unit itself): the caller's error, as a failed claim is.
    if (batch.length === 0) throw error;
    log().warn({ err: error, deliveries: batch.length }, "a batch of deliveries failed or could not commit together; settling them one by one");
    left = [];
    outcome = { settled: [], skipped: 0, failures: [] };
    for (const delivery of batch) {
      let current = delivery;
      try {
        const alone = await settleAlone(db, delivery, clock, (taken) => (current = taken));
        if (alone === "settled") outcome.settled.push(current);
        else if (alone === "skipped") outcome.skipped += 1;
      } catch (error) {
        await failDelivery(db, current, error, clock());
        outcome.failures.push({ delivery: current, error });
      }
    }
  }
  for (const delivery of outcome.settled) reportDeliverySettled(delivery);
  for (const { delivery, error } of outcome.failures) reportDeliveryFailed(delivery, error);
  run.processed += outcome.settled.length + outcome.skipped;
  run.failed += outcome.failures.length;
  return { taken: batch.length, left, cut };
}

/** Processes every delivery that is due now; returns when the queue has nothing due. */
export async function processDueDeliveries(db: TallyDatabase, clock: () => Date = () => new Date()): Promise<QueueRun> {
  const run = { processed: 0, failed: 0 };
  // Claimed deliveries a transaction left go first: they are older than anything a new claim would return.
  let left: ClaimedDelivery[] = [];
  // SQLite: the last unit took fewer than it could, so the queue held nothing more as it saw it. Whether anything
  // arrived since is then a read, not a unit of its own (anyDueDelivery): every drain ends this way.
  let short = false;
  // SQLite: how many transactions in a row ended on their turn with deliveries left (BEHIND_TURNS).
  let cutTurns = 0;
  for (;;) {
    const started = performance.now();
    const behind = db.kind === "sqlite" && cutTurns >= BEHIND_TURNS;
    const limit = burst.burstOn() ? BURST_BATCH : behind ? BEHIND_BATCH : SETTLE_BATCH;
    let source: BatchSource;
    if (db.kind === "sqlite") {
      if (short && !(await anyDueDelivery(db, clock()))) return run;
      source = (tx) => takeDueDeliveries(tx, clock(), limit);
    } else {
      const claimed = left.length > 0 ? left : await claimDueDeliveries(db, clock(), limit, SHOP_SETTLEMENT_LOCK_PREFIX);
      if (claimed.length === 0) return run;
      source = () => Promise.resolve(claimed);
    }
    const batch = await settleBatch(db, source, clock, run, behind ? BEHIND_TURN_MS : LEAST_TURN_MS);
    if (batch.taken === 0) return run;
    cutTurns = batch.cut ? cutTurns + 1 : 0;
    short = batch.taken < limit;
    left = batch.left;
    await yieldToIntake(performance.now() - started);
  }
}

/**
 * The job runner's turn at the queue (deliveries whose backoff ended, what reconciliation queued): the settlement
 * thread's when one runs, which is then only told to look; otherwise worked here, now. The jobs run on that
 * thread too (docs/decisions/053-background-jobs-beside-the-intake.md), and there the thread's own drain looks:
 * a second drain beside it, on the run's frozen clock, kept every later job of the run waiting until the queue
 * held nothing older than the run, which under a load that never ends took twenty seconds in the bench.
 */
export async function workDueDeliveries(db: TallyDatabase, clock: () => Date): Promise<QueueRun> {
  if (kickSettlementThread()) return { processed: 0, failed: 0 };
  if (!isMainThread) {
    kickDeliveryWorker(db);
    return { processed: 0, failed: 0 };
  }
  return processDueDeliveries(db, clock);
}

let draining: Promise<void> | null = null;
let again = false;

/**
 * Starts working through the queue soon after a webhook was stored, unless a drain is already running: in the
 * settlement thread when one runs (settlement-thread.server.ts), otherwise in this one. `gatherMs` is how long an
 * idle worker waits before it claims, so that deliveries arriving meanwhile settle in one transaction (the
 * settlement thread's GATHER_MS, settlement-thread-entry.server.ts); otherwise it claims on the next turn of the loop.
 */
export function kickDeliveryWorker(db: TallyDatabase, gatherMs = 0): void {
  if (kickSettlementThread()) return;
  if (draining) {
    again = true;
    return;
  }
  // From the kick until the queue is empty, the background jobs' turns on this thread wait (settlement-first.server.ts).
  settlementRuns(true);
  draining = (async () => {
    await new Promise((resolve) => (gatherMs > 0 ? setTimeout(resolve, gatherMs) : setImmediate(resolve)));
    do {
      again = false;
      await processDueDeliveries(db);
    } while (again);
  })()
    .catch((error: unknown) => log().error({ err: error }, "the webhook queue stopped on an error; the job runner retries it"))
    .finally(() => {
      draining = null;
      settlementRuns(false);
    });
}
