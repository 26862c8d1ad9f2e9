// Balances are written only by the ledger writer (docs/decisions/027-balances-written-only-by-the-ledger.md): the
// database refuses any other insert, update or delete, whether it comes through Prisma or raw SQL, and the writer's
// own writes go on naming the transfer each one applies.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditBalances } from "~/loyalty/ledger/ledger-audit.server";
import type { LedgerOutcome } from "~/loyalty/ledger/ledger-flow";
import type { Transfer } from "~/loyalty/ledger/transfers";
import { SHOP, seedMembers } from "../support/members";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { upgradedInstall, type Install } from "../support/upgraded-install";

const MIGRATION = "20261204161831_balances_written_by_ledger";

const UPGRADE_SHOP = "upgrade-balances.myshopify.com";
const REFUSED = (operation: "INSERT" | "UPDATE" | "DELETE" | "TRUNCATE") =>
  new RegExp(`balances are written only by the ledger: ${operation} is not allowed`);

/**
 * What a refused Prisma write says: the trigger's message is in the error's text on PostgreSQL; Prisma's SQLite
 * adapter reports a RAISE(ABORT) as a foreign key violation and keeps the message in the error's meta.
 */
async function refusal(write: Promise<unknown>): Promise<string> {
  try {
    await write;
  } catch (error) {
    const { message, meta } = error as { message: string; meta?: { driverAdapterError?: { cause?: { originalMessage?: string } } } };
    return [message, meta?.driverAdapterError?.cause?.originalMessage].join("\n");
  }
  throw new Error("expected the write to be refused");
}

function transferOf(outcome: LedgerOutcome): Transfer {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error}: ${outcome.message}`);
  return outcome.transfer;
}

describe.each(testDatabaseKinds())("the balances guard on %s", (kind) => {
  let t: TestDatabase;
  let alice: string;
  let bob: string;
  let carol: string;
  let aliceLatest: Transfer;
  let bobsOnly: Transfer;
  const param = (n: number) => (kind === "sqlite" ? "?" : `$${n}`);
  const storedBalances = () => t.db.prisma.balance.findMany({ orderBy: { memberId: "asc" } });

  // alice: two transfers, bob: one, carol: none (so no balances row).
  beforeEach(async () => {
    t = await createTestDatabase(kind);
    [alice, bob, carol] = (await seedMembers(t.db, 3)) as [string, string, string];
    await t.db.ledger.recordTransfer({ shop: SHOP, memberId: alice, code: "PURCHASE", points: 300, status: "posted", idempotencyKey: "order:1:earn" });
    aliceLatest = transferOf(await t.db.ledger.reservePointsForReward({ shop: SHOP, memberId: alice, points: 100, idempotencyKey: "redeem:1" }));
    bobsOnly = transferOf(await t.db.ledger.recordTransfer({ shop: SHOP, memberId: bob, code: "IMPORT", points: 40, status: "posted", idempotencyKey: "import:bob" }));
  });
  afterEach(() => t.destroy());

  it("lets the ledger writer keep each balance, naming the transfer it applied", async () => {
    expect(await storedBalances()).toMatchObject([
      { memberId: alice, posted: 300, pendingDebit: 100, available: 200, lastTransferId: aliceLatest.id },
      { memberId: bob, posted: 40, available: 40, lastTransferId: bobsOnly.id },
    ].sort((a, b) => a.memberId.localeCompare(b.memberId)));

    const settled = transferOf(await t.db.ledger.postPendingTransfer({ shop: SHOP, pendingId: aliceLatest.id, idempotencyKey: "redeem:1:settle" }));
    const first = transferOf(await t.db.ledger.recordTransfer({ shop: SHOP, memberId: carol, code: "SIGNUP_BONUS", points: 25, status: "pending", idempotencyKey: "signup:carol" }));
    expect(await t.db.prisma.balance.findUniqueOrThrow({ where: { memberId: alice } })).toMatchObject({ posted: 200, pendingDebit: 0, available: 200, lastTransferId: settled.id });
    expect(await t.db.prisma.balance.findUniqueOrThrow({ where: { memberId: carol } })).toMatchObject({ pendingCredit: 25, available: 0, lastTransferId: first.id });
    expect((await auditBalances(t.db)).drift).toEqual([]);
  });

  it("refuses a stray update, insert or delete through Prisma", async () => {
    const before = await storedBalances();
    const { balance } = t.db.prisma;
    expect(await refusal(balance.update({ where: { memberId: alice }, data: { available: 5000 } }))).toMatch(REFUSED("UPDATE"));
    expect(await refusal(balance.updateMany({ where: { shop: SHOP }, data: { posted: { increment: 1 } } }))).toMatch(REFUSED("UPDATE"));
    // Naming the transfer the row already names, or another member's transfer, is no witness either.
    expect(await refusal(balance.update({ where: { memberId: alice }, data: { available: 5000, lastTransferId: aliceLatest.id } }))).toMatch(REFUSED("UPDATE"));
    expect(await refusal(balance.update({ where: { memberId: alice }, data: { available: 5000, lastTransferId: bobsOnly.id } }))).toMatch(REFUSED("UPDATE"));
    expect(await refusal(balance.update({ where: { memberId: alice }, data: { available: 5000, lastTransferId: "made-up" } }))).toMatch(REFUSED("UPDATE"));
    expect(await refusal(
      balance.create({ data: { memberId: carol, shop: SHOP, posted: 10, available: 10, updatedAt: new Date() } }),
    )).toMatch(REFUSED("INSERT"));
    expect(await refusal(
      balance.create({ data: { memberId: carol, shop: SHOP, posted: 10, available: 10, updatedAt: new Date(), lastTransferId: bobsOnly.id } }),
    )).toMatch(REFUSED("INSERT"));
    expect(await refusal(balance.delete({ where: { memberId: bob } }))).toMatch(REFUSED("DELETE"));
    expect(await refusal(balance.deleteMany({ where: { shop: SHOP } }))).toMatch(REFUSED("DELETE"));
    expect(await storedBalances()).toEqual(before);
  });

  it("refuses a stray update, insert or delete in raw SQL", async () => {
    const before = await storedBalances();
    await expect(t.sql(`UPDATE balances SET available = 5000 WHERE member_id = ${param(1)}`, [alice])).rejects.toThrow(REFUSED("UPDATE"));
    await expect(t.sql(`UPDATE balances SET posted = posted + 1, last_transfer_id = last_transfer_id`)).rejects.toThrow(REFUSED("UPDATE"));
    await expect(t.sql(`UPDATE balances SET last_transfer_id = NULL WHERE member_id = ${param(1)}`, [bob])).rejects.toThrow(REFUSED("UPDATE"));
    // A row cannot move to another member, even one whose transfer it then names.
    await expect(
      t.sql(`UPDATE balances SET member_id = ${param(1)}, last_transfer_id = ${param(2)} WHERE member_id = ${param(3)}`, [carol, aliceLatest.id, bob]),
    ).rejects.toThrow(REFUSED("UPDATE"));
    const insert = `INSERT INTO balances (member_id, shop, posted, pending_credit, pending_debit, available, lifetime_earned, updated_at, last_transfer_id)
      VALUES (${param(1)}, ${param(2)}, 10, 0, 0, 10, 10, CURRENT_TIMESTAMP, ${param(3)})`;
    await expect(t.sql(insert, [carol, SHOP, null])).rejects.toThrow(REFUSED("INSERT"));
    await expect(t.sql(insert, [carol, SHOP, aliceLatest.id])).rejects.toThrow(REFUSED("INSERT"));
    await expect(t.sql(`DELETE FROM balances WHERE member_id = ${param(1)}`, [alice])).rejects.toThrow(REFUSED("DELETE"));
    if (kind === "postgres") await expect(t.sql("TRUNCATE balances")).rejects.toThrow(REFUSED("TRUNCATE"));
    expect(await storedBalances()).toEqual(before);
    expect((await auditBalances(t.db)).drift).toEqual([]);
  });
});

describe.each(testDatabaseKinds())("upgrading to balances_written_by_ledger on %s", (kind) => {
  let install: Install | undefined;
  afterEach(async () => {
    await install?.destroy();
    install = undefined;
  });

  it("keeps every balance, names each member's latest transfer, and guards the rows from then on", async () => {
    // m1 earned, then spent; m2 has a row with no transfer behind it (all zero, which the audit accepts).
    install = await upgradedInstall(kind, MIGRATION, async ({ sql, stamp }) => {
      const at = (time: string) => `'${stamp(`2026-03-01T${time}.000`)}'`;
      await sql(
        `INSERT INTO members (id, shop, customer_id, tier, created_at, updated_at) VALUES ` +
          `('m1', '${UPGRADE_SHOP}', '1', 'member', ${at("09:00:00")}, ${at("09:00:00")}), ('m2', '${UPGRADE_SHOP}', '2', 'member', ${at("09:00:00")}, ${at("09:00:00")})`,
      );
      await sql(
        `INSERT INTO transfers (id, shop, member_id, code, points, status, idempotency_key, fingerprint, actor, created_at) VALUES ` +
          `('t-late', '${UPGRADE_SHOP}', 'm1', 'ADJUSTMENT', -30, 'posted', 'fix:1', 'f2', 'staff:1', ${at("11:00:00")}), ` +
          `('t-early', '${UPGRADE_SHOP}', 'm1', 'PURCHASE', 100, 'posted', 'order:1:earn', 'f1', 'system', ${at("10:00:00")})`,
      );
      await sql(
        `INSERT INTO balances (member_id, shop, posted, pending_credit, pending_debit, available, lifetime_earned, updated_at) VALUES ` +
          `('m1', '${UPGRADE_SHOP}', 70, 0, 0, 70, 70, ${at("11:00:00")}), ('m2', '${UPGRADE_SHOP}', 0, 0, 0, 0, 0, ${at("09:00:00")})`,
      );
    });
    const upgraded = install;
    const balances = () => upgraded.sql("SELECT member_id, posted, available, lifetime_earned, last_transfer_id FROM balances ORDER BY member_id");
    expect(await balances()).toEqual([
      { member_id: "m1", posted: 70, available: 70, lifetime_earned: 70, last_transfer_id: "t-late" },
      { member_id: "m2", posted: 0, available: 0, lifetime_earned: 0, last_transfer_id: null },
    ]);
    expect((await auditBalances(install.db)).drift).toEqual([]);

    await expect(install.sql("UPDATE balances SET available = 500 WHERE member_id = 'm1' RETURNING member_id")).rejects.toThrow(REFUSED("UPDATE"));
    await expect(install.sql("UPDATE balances SET available = 500 WHERE member_id = 'm2' RETURNING member_id")).rejects.toThrow(REFUSED("UPDATE"));
    await expect(install.sql("DELETE FROM balances WHERE member_id = 'm2' RETURNING member_id")).rejects.toThrow(REFUSED("DELETE"));

    const earned = transferOf(await install.db.ledger.recordTransfer({ shop: UPGRADE_SHOP, memberId: "m1", code: "PURCHASE", points: 5, status: "posted", idempotencyKey: "order:2:earn" }));
    const first = transferOf(await install.db.ledger.recordTransfer({ shop: UPGRADE_SHOP, memberId: "m2", code: "PURCHASE", points: 8, status: "posted", idempotencyKey: "order:3:earn" }));
    expect(await balances()).toEqual([
      { member_id: "m1", posted: 75, available: 75, lifetime_earned: 75, last_transfer_id: earned.id },
      { member_id: "m2", posted: 8, available: 8, lifetime_earned: 8, last_transfer_id: first.id },
    ]);
    expect((await auditBalances(install.db)).drift).toEqual([]);
  });
});
