// Reserving points never drives the available balance below zero, however many requests arrive at once. The
// requests come from separate OS processes, each with its own database handle, as several app instances would
// send them: better-sqlite3 runs one transaction at a time per process, so only separate processes really race.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LedgerOutcome } from "~/loyalty/ledger/ledger-flow";
import type { ReserveJob, ReserveResult } from "../support/reserve-worker";
import { SHOP, seedMembers } from "../support/members";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { startTsx, type TsxProcess } from "../support/tsx-processes";

const WORKER = "test/support/reserve-worker.ts";
const PROCESSES = 5;
const REQUESTS = 50;
const RESERVATION = 100;
const READY_TIMEOUT_MS = 30_000;
const RESULT_TIMEOUT_MS = 30_000;

function expectOk(outcome: LedgerOutcome): void {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error}: ${outcome.message}`);
}

/** Starts one worker per job, lets them all go at the same moment, and gathers every outcome. */
async function race(t: TestDatabase, jobs: ReserveJob[]): Promise<ReserveResult[]> {
  const env = { DATABASE_URL: t.url };
  const workers: TsxProcess[] = [];
  try {
    for (const job of jobs) workers.push(startTsx(WORKER, [JSON.stringify(job)], env));
    await Promise.all(workers.map((worker) => worker.line((line) => line === "ready", '"ready"', READY_TIMEOUT_MS)));
    for (const worker of workers) worker.child.stdin.end("go\n");
    const outputs = await Promise.all(
      workers.map((worker) => worker.line((line) => line.startsWith("["), "outcomes", RESULT_TIMEOUT_MS)),
    );
    return outputs.flatMap((output) => JSON.parse(output) as ReserveResult[]);
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

/** `keys` dealt round-robin over the processes. */
function jobsFor(memberId: string, keys: string[]): ReserveJob[] {
  return Array.from({ length: PROCESSES }, (_, n) => ({
    shop: SHOP,
    memberId,
    points: RESERVATION,
    keys: keys.filter((_, index) => index % PROCESSES === n),
  }));
}

describe.each(testDatabaseKinds())(`reservations racing from ${PROCESSES} processes on %s`, (kind) => {
  let t: TestDatabase;
  let alice: string;
  let bob: string;
  const param = (n: number) => (kind === "sqlite" ? "?" : `$${n}`);

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    [alice, bob] = (await seedMembers(t.db, 2)) as [string, string];
  });
  afterAll(() => t.destroy());

  it(
    `lets exactly the affordable reservations through when ${REQUESTS} arrive at once`,
    async () => {
      const memberId = alice;
      expectOk(await t.db.ledger.recordTransfer({ shop: SHOP, memberId, code: "PURCHASE", points: 350, status: "posted", idempotencyKey: "order:1:earn" }));

      const keys = Array.from({ length: REQUESTS }, (_, n) => `redeem:${n}`);
      const results = await race(t, jobsFor(memberId, keys));

      expect(results).toHaveLength(REQUESTS);
      expect(new Set(results.map((result) => result.key)).size).toBe(REQUESTS);
      const granted = results.filter((result) => result.ok);
      expect(granted).toHaveLength(3);
      expect(granted.every((result) => result.replayed === false && (result.available ?? -1) >= 0)).toBe(true);
      expect(new Set(granted.map((result) => result.transferId)).size).toBe(3);
      // Each grant saw the ones before it: one left 250, one 150, one 50.
      expect(granted.map((result) => result.available).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([50, 150, 250]);
      const refused = results.filter((result) => !result.ok);
      expect(refused).toHaveLength(REQUESTS - 3);
      expect(new Set(refused.map((result) => result.error))).toEqual(new Set(["insufficient_points"]));

      const [row] = await t.sql<Record<string, number>>(
        `SELECT posted, pending_debit, available FROM balances WHERE member_id = ${param(1)}`,
        [memberId],
      );
      expect(row).toEqual({ posted: 350, pending_debit: 300, available: 50 });
      const holds = await t.db.prisma.transfer.findMany({ where: { memberId, code: "REDEMPTION", status: "pending" } });
      expect(holds.map((hold) => hold.id).sort()).toEqual(granted.map((result) => result.transferId).sort());
      expect(holds.every((hold) => hold.points === -RESERVATION)).toBe(true);
    },
    READY_TIMEOUT_MS + RESULT_TIMEOUT_MS + 30_000,
  );

  it(
    "creates one transfer when one idempotency key arrives from every process at once",
    async () => {
      const memberId = bob;
      expectOk(await t.db.ledger.recordTransfer({ shop: SHOP, memberId, code: "PURCHASE", points: 1_000, status: "posted", idempotencyKey: "order:2:earn" }));

      const keys = Array.from({ length: REQUESTS }, () => "redeem:same");
      const results = await race(t, jobsFor(memberId, keys));

      expect(results).toHaveLength(REQUESTS);
      expect(results.every((result) => result.ok)).toBe(true);
      const created = results.filter((result) => result.replayed === false);
      expect(created).toHaveLength(1);
      expect(new Set(results.map((result) => result.transferId))).toEqual(new Set([created[0]?.transferId]));

      const holds = await t.db.prisma.transfer.findMany({ where: { memberId, code: "REDEMPTION" } });
      expect(holds.map((hold) => hold.id)).toEqual([created[0]?.transferId]);
      const [row] = await t.sql<Record<string, number>>(
        `SELECT posted, pending_debit, available FROM balances WHERE member_id = ${param(1)}`,
        [memberId],
      );
      expect(row).toEqual({ posted: 1_000, pending_debit: RESERVATION, available: 1_000 - RESERVATION });
    },
    READY_TIMEOUT_MS + RESULT_TIMEOUT_MS + 30_000,
  );
});
