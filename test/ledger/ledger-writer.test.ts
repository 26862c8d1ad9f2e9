import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAuditEvent } from "~/loyalty/audit/audit-log.server";
import type { LedgerOutcome } from "~/loyalty/ledger/ledger-flow";
import type { Transfer } from "~/loyalty/ledger/transfers";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { SHOP, seedMembers } from "../support/members";

function transferOf(outcome: LedgerOutcome): Transfer {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error}: ${outcome.message}`);
  return outcome.transfer;
}

describe.each(testDatabaseKinds())("ledger writer on %s", (kind) => {
  let t: TestDatabase;
  let alice: string;
  let bob: string;
  let key = 0;
  const nextKey = () => `test:${++key}`;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    [alice, bob] = (await seedMembers(t.db, 2)) as [string, string];
  });
  afterAll(() => t.destroy());

  async function balanceRow(memberId: string) {
    const rows = await t.sql<Record<string, number>>(
      "SELECT posted, pending_credit, pending_debit, available, lifetime_earned FROM balances WHERE member_id = $1".replace("$1", kind === "sqlite" ? "?" : "$1"),
      [memberId],
    );
    return rows[0];
  }

  it("posts a credit and updates every derived balance in the same transaction", async () => {
    const outcome = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: alice, code: "PURCHASE", points: 123, status: "posted", idempotencyKey: "order:1:earn", orderId: "1" });
    expect(outcome).toMatchObject({ ok: true, replayed: false, balances: { posted: 123, pendingCredit: 0, pendingDebit: 0, lifetimeEarned: 123 } });
    expect(await balanceRow(alice)).toMatchObject({ posted: 123, pending_credit: 0, pending_debit: 0, available: 123, lifetime_earned: 123 });
    const stored = await t.db.prisma.transfer.findMany({ where: { memberId: alice } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ code: "PURCHASE", points: 123, status: "posted", orderId: "1", actor: "system" });
  });

  it("returns the original transfer when the same key comes with the same content", async () => {
    const first = transferOf(await t.db.ledger.recordTransfer({ shop: SHOP, memberId: alice, code: "SIGNUP_BONUS", points: 100, status: "posted", idempotencyKey: "customer:1:signup" }));
    const again = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: alice, code: "SIGNUP_BONUS", points: 100, status: "posted", idempotencyKey: "customer:1:signup" });
    expect(again).toMatchObject({ ok: true, replayed: true });
    expect(transferOf(again).id).toBe(first.id);
    expect(await t.db.prisma.transfer.count({ where: { idempotencyKey: "customer:1:signup" } })).toBe(1);
    expect(await balanceRow(alice)).toMatchObject({ posted: 223 });
  });

  it("refuses the same key with different content as a conflict and writes nothing", async () => {
    const before = await t.db.prisma.transfer.count();
    const outcome = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: alice, code: "SIGNUP_BONUS", points: 150, status: "posted", idempotencyKey: "customer:1:signup" });
    expect(outcome).toMatchObject({ ok: false, error: "idempotency_conflict" });
    const otherMember = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: bob, code: "SIGNUP_BONUS", points: 100, status: "posted", idempotencyKey: "customer:1:signup" });
    expect(otherMember).toMatchObject({ ok: false, error: "idempotency_conflict" });
    expect(await t.db.prisma.transfer.count()).toBe(before);
    expect(await balanceRow(alice)).toMatchObject({ posted: 223 });
  });

  it("keeps idempotency keys per shop", async () => {
    const [other] = (await seedMembers(t.db, 1, "other-shop.myshopify.com")) as [string];
    const outcome = await t.db.ledger.recordTransfer({ shop: "other-shop.myshopify.com", memberId: other, code: "SIGNUP_BONUS", points: 100, status: "posted", idempotencyKey: "customer:1:signup" });
    expect(outcome).toMatchObject({ ok: true, replayed: false });
  });

  it("never touches a member of another shop", async () => {
    const outcome = await t.db.ledger.recordTransfer({ shop: "other-shop.myshopify.com", memberId: alice, code: "ADJUSTMENT", points: 5, status: "posted", idempotencyKey: nextKey() });
    expect(outcome).toMatchObject({ ok: false, error: "member_not_found" });
  });

  it("rejects malformed requests with a reason and writes nothing", async () => {
    const before = await t.db.prisma.transfer.count();
    for (const points of [0, 1.5, Number.NaN, 2_000_000_000]) {
      const outcome = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: alice, code: "ADJUSTMENT", points, status: "posted", idempotencyKey: nextKey() });
      expect(outcome).toMatchObject({ ok: false, error: "invalid_request" });
    }
    const badCode = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: alice, code: "FREE_MONEY" as never, points: 5, status: "posted", idempotencyKey: nextKey() });
    expect(badCode).toMatchObject({ ok: false, error: "invalid_request", message: "unknown transfer code FREE_MONEY" });
    const noKey = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: alice, code: "ADJUSTMENT", points: 5, status: "posted", idempotencyKey: " " });
    expect(noKey).toMatchObject({ ok: false, error: "invalid_request" });
    expect(await t.db.prisma.transfer.count()).toBe(before);
  });

  it("keeps pending credits out of the available balance until they are posted, and posts them once", async () => {
    const pending = transferOf(await t.db.ledger.recordTransfer({ shop: SHOP, memberId: bob, code: "PURCHASE", points: 80, status: "pending", idempotencyKey: "order:2:earn", orderId: "2" }));
    expect(await balanceRow(bob)).toMatchObject({ posted: 0, pending_credit: 80, available: 0, lifetime_earned: 0 });

    const posted = await t.db.ledger.postPendingTransfer({ shop: SHOP, pendingId: pending.id, idempotencyKey: "order:2:post" });
    expect(posted).toMatchObject({ ok: true, transfer: { status: "posted", points: 80, pendingId: pending.id, code: "PURCHASE", orderId: "2" } });
    expect(await balanceRow(bob)).toMatchObject({ posted: 80, pending_credit: 0, available: 80, lifetime_earned: 80 });

    const again = await t.db.ledger.postPendingTransfer({ shop: SHOP, pendingId: pending.id, idempotencyKey: "order:2:post-again" });
    expect(again).toMatchObject({ ok: false, error: "already_resolved" });
    const voided = await t.db.ledger.voidPendingTransfer({ shop: SHOP, pendingId: pending.id, code: "CANCELLATION", idempotencyKey: "order:2:void" });
    expect(voided).toMatchObject({ ok: false, error: "already_resolved" });
    // The pending row itself is unchanged: resolution is a new record.
    expect(await t.db.prisma.transfer.findUnique({ where: { id: pending.id } })).toMatchObject({ status: "pending" });
  });

  it("voids a pending transfer without touching the posted balance", async () => {
    const pending = transferOf(await t.db.ledger.recordTransfer({ shop: SHOP, memberId: bob, code: "PURCHASE", points: 40, status: "pending", idempotencyKey: "order:3:earn", orderId: "3" }));
    const voided = await t.db.ledger.voidPendingTransfer({ shop: SHOP, pendingId: pending.id, code: "CANCELLATION", idempotencyKey: "order:3:void" });
    expect(voided).toMatchObject({ ok: true, transfer: { status: "voided", code: "CANCELLATION", points: 40, pendingId: pending.id } });
    expect(await balanceRow(bob)).toMatchObject({ posted: 80, pending_credit: 0, available: 80 });
  });

  it("only resolves pending transfers", async () => {
    const posted = transferOf(await t.db.ledger.recordTransfer({ shop: SHOP, memberId: bob, code: "ADJUSTMENT", points: 1, status: "posted", idempotencyKey: nextKey() }));
    expect(await t.db.ledger.postPendingTransfer({ shop: SHOP, pendingId: posted.id, idempotencyKey: nextKey() })).toMatchObject({ ok: false, error: "not_pending" });
    expect(await t.db.ledger.postPendingTransfer({ shop: SHOP, pendingId: "no-such-id", idempotencyKey: nextKey() })).toMatchObject({ ok: false, error: "transfer_not_found" });
  });

  it("reverses part of a posted transfer, cumulatively, never more than it holds", async () => {
    const earn = transferOf(await t.db.ledger.recordTransfer({ shop: SHOP, memberId: bob, code: "PURCHASE", points: 123, status: "posted", idempotencyKey: "order:4:earn", orderId: "4" }));
    const first = await t.db.ledger.reverseTransfer({ shop: SHOP, transferId: earn.id, points: 41, code: "REFUND_REVERSAL", idempotencyKey: "refund:41:reverse" });
    expect(first).toMatchObject({ ok: true, transfer: { points: -41, reversesId: earn.id, orderId: "4", status: "posted" } });
    const second = await t.db.ledger.reverseTransfer({ shop: SHOP, transferId: earn.id, points: 82, code: "REFUND_REVERSAL", idempotencyKey: "refund:42:reverse" });
    expect(second).toMatchObject({ ok: true });
    const tooMuch = await t.db.ledger.reverseTransfer({ shop: SHOP, transferId: earn.id, points: 1, code: "CANCELLATION", idempotencyKey: "order:4:cancel" });
    expect(tooMuch).toMatchObject({ ok: false, error: "reversal_exceeds_transfer" });
    const reversal = transferOf(second);
    expect(await t.db.ledger.reverseTransfer({ shop: SHOP, transferId: reversal.id, points: 1, code: "ADJUSTMENT", idempotencyKey: nextKey() })).toMatchObject({ ok: false, error: "not_reversible" });
    expect(await balanceRow(bob)).toMatchObject({ posted: 81, lifetime_earned: 81 });
  });

  it("reserves points only when the available balance covers them, and releases them on void", async () => {
    // bob: 81 posted, 81 available.
    const tooMuch = await t.db.ledger.reservePointsForReward({ shop: SHOP, memberId: bob, points: 100, idempotencyKey: "redeem:a" });
    expect(tooMuch).toMatchObject({ ok: false, error: "insufficient_points", message: "This needs 100 points and the member has 81 available." });
    const hold = transferOf(await t.db.ledger.reservePointsForReward({ shop: SHOP, memberId: bob, points: 50, idempotencyKey: "redeem:b" }));
    expect(await balanceRow(bob)).toMatchObject({ posted: 81, pending_debit: 50, available: 31 });
    expect(await t.db.ledger.reservePointsForReward({ shop: SHOP, memberId: bob, points: 50, idempotencyKey: "redeem:c" })).toMatchObject({ ok: false, error: "insufficient_points" });
    await t.db.ledger.voidPendingTransfer({ shop: SHOP, pendingId: hold.id, code: "REDEMPTION_RELEASE", idempotencyKey: "redeem:b:release" });
    expect(await balanceRow(bob)).toMatchObject({ posted: 81, pending_debit: 0, available: 81 });
    const spend = transferOf(await t.db.ledger.reservePointsForReward({ shop: SHOP, memberId: bob, points: 60, idempotencyKey: "redeem:d" }));
    await t.db.ledger.postPendingTransfer({ shop: SHOP, pendingId: spend.id, idempotencyKey: "redeem:d:settle" });
    expect(await balanceRow(bob)).toMatchObject({ posted: 21, pending_debit: 0, available: 21, lifetime_earned: 81 });
  });

  it("refuses to update or delete a transfer, in the database itself", async () => {
    const param = kind === "sqlite" ? "?" : "$1";
    await expect(t.sql(`UPDATE transfers SET points = 1000000 WHERE member_id = ${param}`, [alice])).rejects.toThrow(/append-only/);
    await expect(t.sql(`DELETE FROM transfers WHERE member_id = ${param}`, [alice])).rejects.toThrow(/append-only/);
    if (kind === "postgres") await expect(t.sql("TRUNCATE transfers CASCADE")).rejects.toThrow(/append-only/);
    expect(await t.db.prisma.transfer.count({ where: { memberId: alice } })).toBe(2);
  });

  it("resolves a pending transfer at most once even when the database is asked twice at once", async () => {
    const pending = transferOf(await t.db.ledger.recordTransfer({ shop: SHOP, memberId: alice, code: "PURCHASE", points: 10, status: "pending", idempotencyKey: "order:5:earn" }));
    const other = t.open();
    const outcomes = await Promise.all([
      t.db.ledger.postPendingTransfer({ shop: SHOP, pendingId: pending.id, idempotencyKey: "order:5:post" }),
      other.ledger.voidPendingTransfer({ shop: SHOP, pendingId: pending.id, code: "CANCELLATION", idempotencyKey: "order:5:void" }),
      other.ledger.postPendingTransfer({ shop: SHOP, pendingId: pending.id, idempotencyKey: "order:5:post" }),
    ]);
    const created = outcomes.filter((o) => o.ok && !o.replayed);
    expect(created).toHaveLength(1);
    expect(await t.db.prisma.transfer.count({ where: { pendingId: pending.id } })).toBe(1);
  });

  it("waits without blocking for a write lock another connection of this process holds across awaits", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Prisma's interactive transaction writes, then awaits: on SQLite its connection keeps the write lock meanwhile.
    const prismaTransaction = t.db.prisma.$transaction(async (tx) => {
      await tx.member.update({ where: { id: alice }, data: { firstName: "Alicia" } });
      await held;
      await tx.member.update({ where: { id: alice }, data: { lastName: "Held" } });
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const write = t.db.ledger.recordTransfer({ shop: SHOP, memberId: bob, code: "ADJUSTMENT", points: 3, status: "posted", idempotencyKey: "lock:wait" });
    setTimeout(release, 50);
    const [outcome] = await Promise.all([write, prismaTransaction]);
    expect(outcome).toMatchObject({ ok: true, replayed: false });
  });

  // On PostgreSQL the second insert waits for the first unit's row, then inserts nothing, and its flow runs again
  // within the same transaction (postgres-ledger-store.server.ts, KeyTakenFirst); on SQLite the second unit waits
  // for the first one's write lock. Either way the key's owner is the first, and the second unit goes on.
  it("refuses a key another member's transfer took in a unit still open, and the waiting unit goes on", async () => {
    const shared = nextKey();
    const bobBefore = (await balanceRow(bob))?.posted ?? 0;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstPid: number | null = null;
    let recorded: () => void = () => undefined;
    const firstRecorded = new Promise<void>((resolve) => (recorded = resolve));
    const first = t.db.transaction(async (tx) => {
      const outcome = await tx.ledger.recordTransfer({ shop: SHOP, memberId: alice, code: "ADJUSTMENT", points: 7, status: "posted", idempotencyKey: shared });
      if (kind === "postgres") firstPid = Number((await tx.sql.get<{ pid: number }>("SELECT pg_backend_pid() AS pid"))?.pid);
      recorded();
      await held;
      return outcome;
    });
    await firstRecorded;
    const second = t.open().transaction(async (tx) => {
      const refused = await tx.ledger.recordTransfer({ shop: SHOP, memberId: bob, code: "ADJUSTMENT", points: 5, status: "posted", idempotencyKey: shared });
      const next = await tx.ledger.recordTransfer({ shop: SHOP, memberId: bob, code: "ADJUSTMENT", points: 3, status: "posted", idempotencyKey: nextKey() });
      return { refused, next };
    });
    if (kind === "postgres") {
      // Until the second unit's insert waits on the first unit's row.
      for (let waited = 0; waited < 10_000; waited += 20) {
        const [row] = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", [firstPid]);
        if ((row?.n ?? 0) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } else {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    release();
    expect(transferOf(await first).memberId).toBe(alice);
    const { refused, next } = await second;
    expect(refused).toMatchObject({ ok: false, error: "idempotency_conflict" });
    expect(next).toMatchObject({ ok: true, replayed: false });
    expect(await t.db.prisma.transfer.count({ where: { idempotencyKey: shared } })).toBe(1);
    expect(await balanceRow(bob)).toMatchObject({ posted: bobBefore + 3 });
  });

  it("erases one shop's whole ledger on request and still refuses every other deletion", async () => {
    const otherShop = "other-shop.myshopify.com";
    const ownTransfers = await t.db.prisma.transfer.count({ where: { shop: SHOP } });
    expect(await t.db.prisma.transfer.count({ where: { shop: otherShop } })).toBeGreaterThan(0);
    const staff = { id: "42", name: "Ada" };
    for (const shop of [SHOP, otherShop]) {
      await recordAuditEvent(t.db.prisma, { shop, staff, action: "member.adjusted", details: { points: 5 } });
    }
    const erased = await t.db.ledger.eraseShopLedger(otherShop);
    expect(erased).toEqual({ transfers: 1, balances: 1, auditEvents: 1 });
    expect(await t.db.prisma.auditEvent.count({ where: { shop: SHOP } })).toBe(1);
    expect(await t.db.prisma.transfer.count({ where: { shop: otherShop } })).toBe(0);
    expect(await t.db.prisma.balance.count({ where: { shop: otherShop } })).toBe(0);
    expect(await t.db.prisma.transfer.count({ where: { shop: SHOP } })).toBe(ownTransfers);
    expect(await t.db.prisma.ledgerRedaction.count()).toBe(0);
    const param = kind === "sqlite" ? "?" : "$1";
    await expect(t.sql(`DELETE FROM transfers WHERE shop = ${param}`, [SHOP])).rejects.toThrow(/append-only/);
    await expect(t.sql(`DELETE FROM audit_events WHERE shop = ${param}`, [SHOP])).rejects.toThrow(/append-only/);
    await expect(t.sql(`UPDATE audit_events SET actor_name = 'someone else' WHERE shop = ${param}`, [SHOP])).rejects.toThrow(/append-only/);
  });
});
