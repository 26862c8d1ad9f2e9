// Balances that drifted from their transfers, which ledger:check and the balance audit exist to find. The database
// refuses any balances write but the ledger writer's (docs/decisions/027-balances-written-only-by-the-ledger.md), so
// drift can only come from a bug in the writer or from someone who lifted that guard; a test that needs drift lifts
// it for one statement, as someone with the schema's rights could.
import type { TestDatabase } from "./test-database";

const SQLITE_TRIGGERS = ["balances_insert_by_ledger", "balances_update_by_ledger", "balances_no_delete"];
const POSTGRES_TRIGGER = "balances_by_ledger";

/** Runs `text` on the balances table with its guard lifted, then puts the guard back. */
export async function tamperWithBalances(t: TestDatabase, text: string, values: unknown[] = []): Promise<void> {
  if (t.kind === "postgres") {
    await t.sql(`ALTER TABLE balances DISABLE TRIGGER ${POSTGRES_TRIGGER}`);
    try {
      await t.sql(text, values);
    } finally {
      await t.sql(`ALTER TABLE balances ENABLE TRIGGER ${POSTGRES_TRIGGER}`);
    }
    return;
  }
  const triggers = await t.sql<{ name: string; sql: string }>(
    `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${SQLITE_TRIGGERS.map(() => "?").join(", ")})`,
    SQLITE_TRIGGERS,
  );
  if (triggers.length !== SQLITE_TRIGGERS.length) throw new Error(`expected the balances triggers ${SQLITE_TRIGGERS.join(", ")}`);
  for (const { name } of triggers) await t.sql(`DROP TRIGGER "${name}"`);
  try {
    await t.sql(text, values);
  } finally {
    for (const { sql } of triggers) await t.sql(sql);
  }
}
