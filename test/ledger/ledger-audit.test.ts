import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LedgerOutcome } from "~/loyalty/ledger/ledger-flow";
import { auditBalances, auditDailySums } from "~/loyalty/ledger/ledger-audit.server";
import type { Transfer } from "~/loyalty/ledger/transfers";
import { tamperWithBalances } from "../support/balances-tampering";
import { SHOP, seedMembers } from "../support/members";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const OTHER_SHOP = "other-shop.myshopify.com";

function transferOf(outcome: LedgerOutcome): Transfer {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error}: ${outcome.message}`);
  return outcome.transfer;
}

describe.each(testDatabaseKinds())("balance audit on %s", (kind) => {
  let t: TestDatabase;
  let alice: string;
  let bob: string;
  let carol: string;
  let dave: string;
  const param = (n: number) => (kind === "sqlite" ? "?" : `$${n}`);

  // alice: 9 transfers, bob: 3, carol: none, dave (other shop): 1.
  beforeEach(async () => {
    t = await createTestDatabase(kind);
    [alice, bob, carol] = (await seedMembers(t.db, 3)) as [string, string, string];
    [dave] = (await seedMembers(t.db, 1, OTHER_SHOP)) as [string];
    const { ledger } = t.db;
    const earn = transferOf(await ledger.recordTransfer({ shop: SHOP, memberId: alice, code: "PURCHASE", points: 500, status: "posted", idempotencyKey: "order:1:earn" }));
    await ledger.reverseTransfer({ shop: SHOP, transferId: earn.id, points: 120, code: "REFUND_REVERSAL", idempotencyKey: "refund:1" });
    const pending = transferOf(await ledger.recordTransfer({ shop: SHOP, memberId: alice, code: "PURCHASE", points: 70, status: "pending", idempotencyKey: "order:2:earn" }));
    await ledger.postPendingTransfer({ shop: SHOP, pendingId: pending.id, idempotencyKey: "order:2:post" });
    const held = transferOf(await ledger.reservePointsForReward({ shop: SHOP, memberId: alice, points: 200, idempotencyKey: "redeem:1" }));
    await ledger.voidPendingTransfer({ shop: SHOP, pendingId: held.id, code: "REDEMPTION_RELEASE", idempotencyKey: "redeem:1:release" });
    await ledger.reservePointsForReward({ shop: SHOP, memberId: alice, points: 150, idempotencyKey: "redeem:2" });
    await ledger.recordTransfer({ shop: SHOP, memberId: alice, code: "SIGNUP_BONUS", points: 25, status: "pending", idempotencyKey: "signup:alice" });
    await ledger.recordTransfer({ shop: SHOP, memberId: alice, code: "EXPIRY", points: -10, status: "posted", idempotencyKey: "expiry:alice" });
    await ledger.recordTransfer({ shop: SHOP, memberId: bob, code: "IMPORT", points: 40, status: "posted", idempotencyKey: "import:bob" });
    await ledger.recordTransfer({ shop: SHOP, memberId: bob, code: "ADJUSTMENT", points: -60, status: "posted", idempotencyKey: "fix:bob" });
    await ledger.recordTransfer({ shop: SHOP, memberId: bob, code: "PURCHASE", points: 5, status: "pending", idempotencyKey: "order:3:earn" });
    await ledger.recordTransfer({ shop: OTHER_SHOP, memberId: dave, code: "PURCHASE", points: 11, status: "posted", idempotencyKey: "order:4:earn" });
  });
  afterEach(() => t.destroy());

  it("finds no drift in balances the writer kept, whatever the batch size", async () => {
    for (const batchSize of [1, 2, 3, 8, 9, 10, undefined]) {
      expect(await auditBalances(t.db, { batchSize })).toEqual({ membersChecked: 3, transfersRead: 13, drift: [] });
    }
    expect(await auditBalances(t.db, { shop: SHOP })).toEqual({ membersChecked: 2, transfersRead: 12, drift: [] });
    expect(await auditBalances(t.db, { shop: "no-such-shop.myshopify.com" })).toEqual({ membersChecked: 0, transfersRead: 0, drift: [] });
  });

  it("reports a tampered balance with what was stored and what the transfers add up to", async () => {
    await tamperWithBalances(t, `UPDATE balances SET posted = posted + 7, available = available + 7 WHERE member_id = ${param(1)}`, [alice]);
    const derived = { posted: 440, pendingCredit: 25, pendingDebit: 150, available: 290, lifetimeEarned: 450 };
    for (const batchSize of [1, 4, 9, undefined]) {
      const audit = await auditBalances(t.db, { batchSize });
      expect(audit.drift).toEqual([{ shop: SHOP, memberId: alice, stored: { ...derived, posted: 447, available: 297 }, derived }]);
    }
    expect((await auditBalances(t.db, { shop: OTHER_SHOP })).drift).toEqual([]);
  });

  it("reports a row whose available is not posted less pending debit", async () => {
    await tamperWithBalances(t, `UPDATE balances SET available = available + 1 WHERE member_id = ${param(1)}`, [bob]);
    const derived = { posted: -20, pendingCredit: 5, pendingDebit: 0, available: -20, lifetimeEarned: -20 };
    expect((await auditBalances(t.db)).drift).toEqual([{ shop: SHOP, memberId: bob, stored: { ...derived, available: -19 }, derived }]);
  });

  it("reports a member with transfers but no balances row", async () => {
    await tamperWithBalances(t, `DELETE FROM balances WHERE member_id = ${param(1)}`, [dave]);
    const audit = await auditBalances(t.db);
    expect(audit.drift).toEqual([
      { shop: OTHER_SHOP, memberId: dave, stored: null, derived: { posted: 11, pendingCredit: 0, pendingDebit: 0, available: 11, lifetimeEarned: 11 } },
    ]);
    expect(audit.membersChecked).toBe(3);
  });

  it("reports a balances row of a member without transfers unless it is all zero", async () => {
    const insert = `INSERT INTO balances (member_id, shop, posted, pending_credit, pending_debit, available, lifetime_earned, updated_at)
      VALUES (${param(1)}, ${param(2)}, ${param(3)}, 0, 0, ${param(4)}, 0, CURRENT_TIMESTAMP)`;
    await tamperWithBalances(t, insert, [carol, SHOP, 0, 0]);
    expect(await auditBalances(t.db)).toEqual({ membersChecked: 4, transfersRead: 13, drift: [] });

    await tamperWithBalances(t, `UPDATE balances SET posted = 30, available = 30 WHERE member_id = ${param(1)}`, [carol]);
    const audit = await auditBalances(t.db, { shop: SHOP });
    const zero = { posted: 0, pendingCredit: 0, pendingDebit: 0, available: 0, lifetimeEarned: 0 };
    expect(audit.drift).toEqual([{ shop: SHOP, memberId: carol, stored: { ...zero, posted: 30, available: 30 }, derived: zero }]);
    expect((await auditBalances(t.db, { shop: OTHER_SHOP })).drift).toEqual([]);
  });

  it("keeps the daily sums equal to the transfers through posting, voiding and reversing, per code and status", async () => {
    const stored = await t.sql<{ code: string; status: string; points: unknown; transfers: unknown }>(
      `SELECT code, status, points, transfers FROM ledger_daily WHERE shop = ${param(1)} ORDER BY code, status`,
      [SHOP],
    );
    // alice's 500 earned then 120 reversed, her pending 70 posted (the pending row stays, a posted row resolves
    // it), 200 reserved then released, 150 reserved; bob's import, adjustment and pending purchase.
    expect(stored.map((row) => ({ ...row, points: Number(row.points), transfers: Number(row.transfers) }))).toEqual([
      { code: "ADJUSTMENT", status: "posted", points: -60, transfers: 1 },
      { code: "EXPIRY", status: "posted", points: -10, transfers: 1 },
      { code: "IMPORT", status: "posted", points: 40, transfers: 1 },
      { code: "PURCHASE", status: "pending", points: 75, transfers: 2 },
      { code: "PURCHASE", status: "posted", points: 570, transfers: 2 },
      { code: "REDEMPTION", status: "pending", points: -350, transfers: 2 },
      { code: "REDEMPTION_RELEASE", status: "voided", points: -200, transfers: 1 },
      { code: "REFUND_REVERSAL", status: "posted", points: -120, transfers: 1 },
      { code: "SIGNUP_BONUS", status: "pending", points: 25, transfers: 1 },
    ]);
    expect(await auditDailySums(t.db)).toEqual({ groupsChecked: 10, drift: [] });
    expect(await auditDailySums(t.db, { shop: OTHER_SHOP })).toEqual({ groupsChecked: 1, drift: [] });
  });

  it("reports a daily sum changed, missing or invented behind the writer's back", async () => {
    const day = new Date().toISOString().slice(0, 10);
    await t.sql(`UPDATE ledger_daily SET points = points + 3 WHERE shop = ${param(1)} AND code = 'IMPORT'`, [SHOP]);
    await t.sql(`DELETE FROM ledger_daily WHERE shop = ${param(1)} AND code = 'EXPIRY'`, [SHOP]);
    await t.sql(`INSERT INTO ledger_daily (shop, day, code, status, points, transfers) VALUES (${param(1)}, '2020-01-01', 'PURCHASE', 'posted', 9, 1)`, [SHOP]);
    const audit = await auditDailySums(t.db, { shop: SHOP });
    expect(audit.drift).toEqual([
      { shop: SHOP, day: "2020-01-01", code: "PURCHASE", status: "posted", stored: { points: 9, transfers: 1 }, derived: null },
      { shop: SHOP, day, code: "EXPIRY", status: "posted", stored: null, derived: { points: -10, transfers: 1 } },
      { shop: SHOP, day, code: "IMPORT", status: "posted", stored: { points: 43, transfers: 1 }, derived: { points: 40, transfers: 1 } },
    ]);
    expect((await auditDailySums(t.db, { shop: OTHER_SHOP })).drift).toEqual([]);
  });
});
