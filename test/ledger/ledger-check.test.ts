// Drives `tsx scripts/ledger-check.ts` (npm run ledger:check) as a child process, as an operator runs it.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tamperWithBalances } from "../support/balances-tampering";
import { SHOP, seedMembers } from "../support/members";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { runTsx, type ChildEnv } from "../support/tsx-processes";

const CLI = "scripts/ledger-check.ts";
const OTHER_SHOP = "other-shop.myshopify.com";

describe.each(testDatabaseKinds())("ledger:check on %s", (kind) => {
  let t: TestDatabase;
  let env: ChildEnv;
  let alice: string;
  let bob: string;
  const param = (n: number) => (kind === "sqlite" ? "?" : `$${n}`);

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    env = { DATABASE_URL: t.url };
    [alice, bob] = (await seedMembers(t.db, 2)) as [string, string];
    const [carol] = (await seedMembers(t.db, 1, OTHER_SHOP)) as [string];
    await t.db.ledger.recordTransfer({ shop: SHOP, memberId: alice, code: "PURCHASE", points: 300, status: "posted", idempotencyKey: "order:1:earn" });
    await t.db.ledger.reservePointsForReward({ shop: SHOP, memberId: alice, points: 100, idempotencyKey: "redeem:1" });
    await t.db.ledger.recordTransfer({ shop: SHOP, memberId: bob, code: "PURCHASE", points: 50, status: "pending", idempotencyKey: "order:2:earn" });
    await t.db.ledger.recordTransfer({ shop: OTHER_SHOP, memberId: carol, code: "IMPORT", points: 20, status: "posted", idempotencyKey: "import:1" });
  });
  afterAll(() => t.destroy());

  it("exits 0 and says so when every stored balance matches the transfers", async () => {
    const run = await runTsx(CLI, [], env);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/all shops: 3 members, 4 transfers, 0 drifted\nledger-check: .*, all shops: 4 daily sums, 0 drifted\n$/);

    const oneShop = await runTsx(CLI, ["--shop", SHOP], env);
    expect(oneShop.code).toBe(0);
    expect(oneShop.stdout).toContain(`shop ${SHOP}: 2 members, 3 transfers, 0 drifted`);
    expect(oneShop.stdout).toContain(`shop ${SHOP}: 3 daily sums, 0 drifted`);
  });

  it("exits 1 and names the member whose stored balance was changed behind the writer's back", async () => {
    await tamperWithBalances(t, `UPDATE balances SET posted = posted + 1000, available = available + 1000 WHERE member_id = ${param(1)}`, [alice]);

    const run = await runTsx(CLI, [], env);
    expect(run).toMatchObject({ code: 1, stderr: "" });
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/3 members, 4 transfers, 1 drifted$/);
    expect(lines.slice(1, 2)).toEqual([
      `drift ${SHOP} member ${alice}: stored posted=1300 pending_credit=0 pending_debit=100 available=1200 lifetime_earned=300; ` +
        "derived posted=300 pending_credit=0 pending_debit=100 available=200 lifetime_earned=300",
    ]);
    expect(lines.slice(2)).toEqual([expect.stringMatching(/all shops: 4 daily sums, 0 drifted$/)]);
    expect(run.stdout).not.toContain(bob);

    // Another shop's check does not see it.
    expect((await runTsx(CLI, ["--shop", OTHER_SHOP], env)).code).toBe(0);
    await tamperWithBalances(t, `UPDATE balances SET posted = posted - 1000, available = available - 1000 WHERE member_id = ${param(1)}`, [alice]);
  });

  it("exits 1 and names the day, code and status whose daily sum was changed behind the writer's back", async () => {
    await t.sql(`UPDATE ledger_daily SET points = points + 5 WHERE shop = ${param(1)} AND code = 'PURCHASE' AND status = 'pending'`, [SHOP]);
    const today = new Date().toISOString().slice(0, 10);

    const run = await runTsx(CLI, ["--shop", SHOP], env);
    expect(run).toMatchObject({ code: 1, stderr: "" });
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/2 members, 3 transfers, 0 drifted$/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`shop ${SHOP}: 3 daily sums, 1 drifted$`)),
      `drift ${SHOP} day ${today} PURCHASE pending: stored points=55 transfers=1; derived points=50 transfers=1`,
    ]);
    expect((await runTsx(CLI, ["--shop", OTHER_SHOP], env)).code).toBe(0);
  });

  it("exits 2 and names the flag it does not know", async () => {
    const run = await runTsx(CLI, ["--shop", SHOP, "--fix"], env);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("Unknown option '--fix'");
  });
});

describe("ledger:check without a usable database or arguments", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "tally-check-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("exits 2 without creating the SQLite file when there is none", async () => {
    const file = path.join(dir, "missing", "tally.sqlite");
    const run = await runTsx(CLI, [], { DATABASE_URL: `file:${file}` });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`no database at ${file}`);
    expect(existsSync(path.dirname(file))).toBe(false);
  });

  it("exits 2 when --shop has no value, and prints help with --help", async () => {
    const run = await runTsx(CLI, ["--shop"], { DATABASE_URL: `file:${path.join(dir, "unused.sqlite")}` });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--shop");

    const help = await runTsx(CLI, ["--help"], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("?schema=");
  });
});
