// Properties of the ledger over random sequences of business events, against the real writer and real databases
// (property tests for the ledger's invariants, ADR 001): every outcome follows the ledger's rules; replaying a sequence changes nothing and playing it
// on an empty ledger gives the same state; stored balances always equal a re-derivation from the transfers.
// Each fast-check run plays its events in shops of its own, so runs share one database and stay independent.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TallyDatabase } from "~/db/database.server";
import { availablePoints, deriveBalances, type Balances } from "~/loyalty/ledger/balances";
import { auditBalances } from "~/loyalty/ledger/ledger-audit.server";
import type { LedgerOutcome } from "~/loyalty/ledger/ledger-flow";
import { countsAsEarned, isTransferCode } from "~/loyalty/ledger/transfer-codes";
import type { LedgerError, Transfer, TransferStatus } from "~/loyalty/ledger/transfers";
import { keyOf, ledgerEvents, MEMBERS, playEvents, sendCall, type LedgerCall, type PlayedEvent } from "../support/ledger-events";
import { seedMembers } from "../support/members";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

// PostgreSQL costs a few round trips per transfer; fewer runs keep the file well under a minute.
const RUNS = { sqlite: 100, postgres: 25 } as const;

type TransferShape = Pick<Transfer, "memberId" | "code" | "points" | "status" | "pendingId" | "reversesId">;
type Expected = { ok: false; error: LedgerError } | { ok: true; replayOf: Transfer } | { ok: true; creates: TransferShape };

function requiresAvailable(call: LedgerCall): boolean {
  return call.method === "reservePointsForReward" || (call.method === "recordTransfer" && call.request.requireAvailable === true);
}

const sum = (transfers: readonly Transfer[]) => transfers.reduce((total, transfer) => total + transfer.points, 0);

/**
 * The ledger's rules (docs/decisions/001-ledger-model.md) as a model fed with what the run created: it says what
 * each call must answer and what every member's balances must be.
 */
function ledgerModel() {
  const byId = new Map<string, Transfer>();
  const byKey = new Map<string, Transfer>();
  const resolved = new Set<string>();
  const reversed = new Map<string, number>();

  // Balances by their definitions (balances.ts), from the member's whole history rather than step by step as
  // applyTransfer does, so a slip in that bookkeeping shows up here as a difference.
  function balanceOf(memberId: string): Balances {
    const history = [...byId.values()].filter((transfer) => transfer.memberId === memberId);
    const posted = history.filter((transfer) => transfer.status === "posted");
    const open = history.filter((transfer) => transfer.status === "pending" && !resolved.has(transfer.id));
    return {
      posted: sum(posted),
      pendingCredit: sum(open.filter((transfer) => transfer.points > 0)),
      pendingDebit: 0 - sum(open.filter((transfer) => transfer.points < 0)),
      lifetimeEarned: sum(posted.filter((transfer) => countsAsEarned(transfer.code))),
    };
  }
  const transfer = (id: string) => {
    const found = byId.get(id);
    if (!found) throw new Error(`the events only point at transfers the run created; ${id} is not one`);
    return found;
  };

  function expected(call: LedgerCall): Expected {
    const existing = byKey.get(keyOf(call));
    if (existing) return { ok: true, replayOf: existing };
    switch (call.method) {
      case "recordTransfer":
      case "reservePointsForReward": {
        const reserve = call.method === "reservePointsForReward";
        const { memberId } = call.request;
        const points = reserve ? -call.request.points : call.request.points;
        if (requiresAvailable(call) && availablePoints(balanceOf(memberId)) + points < 0) return { ok: false, error: "insufficient_points" };
        const code = reserve ? "REDEMPTION" : call.request.code;
        const status = reserve ? "pending" : call.request.status;
        return { ok: true, creates: { memberId, code, points, status, pendingId: null, reversesId: null } };
      }
      case "postPendingTransfer":
      case "voidPendingTransfer": {
        const pending = transfer(call.request.pendingId);
        if (pending.status !== "pending") return { ok: false, error: "not_pending" };
        if (resolved.has(pending.id)) return { ok: false, error: "already_resolved" };
        const post = call.method === "postPendingTransfer";
        return {
          ok: true,
          creates: {
            memberId: pending.memberId,
            code: call.method === "voidPendingTransfer" ? call.request.code : pending.code,
            points: pending.points,
            status: post ? "posted" : "voided",
            pendingId: pending.id,
            reversesId: null,
          },
        };
      }
      case "reverseTransfer": {
        const original = transfer(call.request.transferId);
        if (original.status !== "posted" || original.reversesId !== null) return { ok: false, error: "not_reversible" };
        if (call.request.points > Math.abs(original.points) - (reversed.get(original.id) ?? 0)) {
          return { ok: false, error: "reversal_exceeds_transfer" };
        }
        const points = -Math.sign(original.points) * call.request.points;
        return { ok: true, creates: { memberId: original.memberId, code: call.request.code, points, status: "posted", pendingId: null, reversesId: original.id } };
      }
    }
  }

  function apply(created: Transfer): void {
    byId.set(created.id, created);
    byKey.set(created.idempotencyKey, created);
    if (created.pendingId !== null) resolved.add(created.pendingId);
    if (created.reversesId !== null) reversed.set(created.reversesId, (reversed.get(created.reversesId) ?? 0) + Math.abs(created.points));
  }

  return { expected, apply, balanceOf, transfers: () => [...byId.values()] };
}

type LedgerModel = ReturnType<typeof ledgerModel>;

/** Checks every outcome of a run against the model, in order; returns the model of the final state. */
function checkOutcomes(played: readonly PlayedEvent[]): LedgerModel {
  const model = ledgerModel();
  for (const [index, step] of played.entries()) {
    if (!step) continue;
    const { call, outcome } = step;
    const label = `event ${index}: ${call.method} ${keyOf(call)}`;
    const expected = model.expected(call);
    if (!expected.ok) {
      expect(outcome, label).toMatchObject({ ok: false, error: expected.error });
      continue;
    }
    if (!outcome.ok) throw new Error(`${label}: expected success, got ${outcome.error}: ${outcome.message}`);
    if ("replayOf" in expected) {
      expect(outcome, label).toMatchObject({ replayed: true, transfer: { id: expected.replayOf.id } });
      expect(outcome.balances, label).toEqual(model.balanceOf(expected.replayOf.memberId));
      continue;
    }
    expect(outcome, label).toMatchObject({ replayed: false, transfer: expected.creates });
    model.apply(outcome.transfer);
    expect(outcome.balances, label).toEqual(model.balanceOf(outcome.transfer.memberId));
    // (c) A reservation or spend that went through left nothing overdrawn; `expected` above has already required
    // insufficient_points exactly when the available balance could not cover it.
    if (requiresAvailable(call)) expect(availablePoints(outcome.balances), label).toBeGreaterThanOrEqual(0);
  }
  return model;
}

function effectOf(row: { id: string; memberId: string; code: string; points: number; status: string; pendingId: string | null }) {
  if (!isTransferCode(row.code)) throw new Error(`transfer ${row.id} has unknown code ${row.code}`);
  return { ...row, code: row.code, status: row.status as TransferStatus };
}

async function storedLedger(db: TallyDatabase, shop: string) {
  const [transfers, balances] = await Promise.all([
    db.prisma.transfer.findMany({ where: { shop }, orderBy: { id: "asc" } }),
    db.prisma.balance.findMany({ where: { shop }, orderBy: { memberId: "asc" } }),
  ]);
  return { transfers, balances };
}

/** (b) and (d), on what the database holds for one shop after a run. */
async function checkStored(db: TallyDatabase, shop: string, model: LedgerModel): Promise<void> {
  const { transfers, balances } = await storedLedger(db, shop);
  // Exactly what the outcomes announced was written: refusals and replays leave no row.
  expect(transfers.map((t) => t.id).sort()).toEqual(model.transfers().map((t) => t.id).sort());

  const derived = deriveBalances(transfers.map(effectOf));
  const stored = new Map(balances.map(({ memberId, posted, pendingCredit, pendingDebit, lifetimeEarned }) => [memberId, { posted, pendingCredit, pendingDebit, lifetimeEarned }]));
  expect(stored).toEqual(derived);
  for (const row of balances) {
    expect(row.available, `available of ${row.memberId}`).toBe(row.posted - row.pendingDebit);
    expect(stored.get(row.memberId)).toEqual(model.balanceOf(row.memberId));
  }

  const byId = new Map(transfers.map((t) => [t.id, t]));
  const resolutions = new Map<string, number>();
  for (const row of transfers) {
    if (row.pendingId === null) continue;
    resolutions.set(row.pendingId, (resolutions.get(row.pendingId) ?? 0) + 1);
    const pending = byId.get(row.pendingId);
    expect(pending, `what ${row.id} resolves`).toMatchObject({ status: "pending", memberId: row.memberId, points: row.points });
  }
  expect([...resolutions.values()].every((count) => count === 1)).toBe(true);

  const reversed = new Map<string, number>();
  for (const row of transfers) {
    if (row.reversesId !== null) reversed.set(row.reversesId, (reversed.get(row.reversesId) ?? 0) + Math.abs(row.points));
  }
  for (const [id, points] of reversed) expect(points).toBeLessThanOrEqual(Math.abs(byId.get(id)?.points ?? 0));

  expect((await auditBalances(db, { shop })).drift).toEqual([]);
}

/** What a run looks like independent of the ids the database handed out. */
function summary(step: PlayedEvent) {
  if (!step) return null;
  const { call, outcome } = step;
  const answer = outcome.ok
    ? { ok: true, replayed: outcome.replayed, code: outcome.transfer.code, points: outcome.transfer.points, status: outcome.transfer.status }
    : { ok: false, error: outcome.error };
  return { method: call.method, key: keyOf(call), ...answer };
}

async function balancesByMember(db: TallyDatabase, memberIds: readonly string[]) {
  const rows = await db.prisma.balance.findMany({ where: { memberId: { in: [...memberIds] } } });
  return memberIds.map((id) => {
    const row = rows.find((r) => r.memberId === id);
    return row ? { posted: row.posted, pendingCredit: row.pendingCredit, pendingDebit: row.pendingDebit, available: row.available, lifetimeEarned: row.lifetimeEarned } : null;
  });
}

async function transferShapes(db: TallyDatabase, shop: string) {
  const rows = await db.prisma.transfer.findMany({ where: { shop }, select: { code: true, points: true, status: true } });
  return rows.map((row) => `${row.code} ${row.points} ${row.status}`).sort();
}

describe.each(testDatabaseKinds())("ledger properties on %s", (kind) => {
  let t: TestDatabase;
  let shops = 0;
  const nextShop = async () => {
    const shop = `props-${++shops}.myshopify.com`;
    return { shop, memberIds: await seedMembers(t.db, MEMBERS, shop) };
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t.destroy());

  it(
    "follows the ledger's rules, replays to the same state, and keeps balances equal to the transfers",
    async () => {
      await fc.assert(
        fc.asyncProperty(ledgerEvents, async (events) => {
          const a = await nextShop();
          const first = await playEvents(t.db.ledger, a.shop, a.memberIds, events);
          const model = checkOutcomes(first);
          await checkStored(t.db, a.shop, model);

          // (a) The whole sequence again, same keys: answered from the ledger, nothing written. A request refused
          // for insufficient points leaves no trace, so its key stays free and a later retry is judged anew on
          // the balance of that moment; those are left out. Everything else answers as it finally did.
          const before = await storedLedger(t.db, a.shop);
          const last = new Map<string, { call: LedgerCall; outcome: LedgerOutcome }>();
          for (const step of first) if (step) last.set(keyOf(step.call), step);
          for (const [key, { call, outcome }] of last) {
            if (!outcome.ok && outcome.error === "insufficient_points") continue;
            const again = await sendCall(t.db.ledger, call);
            expect(again, `replay of ${key}`).toMatchObject(
              outcome.ok ? { ok: true, replayed: true, transfer: { id: outcome.transfer.id } } : { ok: false, error: outcome.error },
            );
          }
          expect(await storedLedger(t.db, a.shop)).toEqual(before);

          // (a) The same events on an empty ledger: the same answers, balances and transfers.
          const b = await nextShop();
          const second = await playEvents(t.db.ledger, b.shop, b.memberIds, events);
          expect(second.map(summary)).toEqual(first.map(summary));
          await checkStored(t.db, b.shop, checkOutcomes(second));
          expect(await balancesByMember(t.db, b.memberIds)).toEqual(await balancesByMember(t.db, a.memberIds));
          expect(await transferShapes(t.db, b.shop)).toEqual(await transferShapes(t.db, a.shop));
        }),
        { numRuns: RUNS[kind] },
      );
    },
    120_000,
  );
});
