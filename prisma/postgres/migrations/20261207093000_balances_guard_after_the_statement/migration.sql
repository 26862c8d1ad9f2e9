-- Added by hand: Prisma cannot model triggers. On PostgreSQL the ledger writer appends a transfer and applies it to
-- its member's balances and its day's sums in one statement (docs/decisions/069-a-transfer-is-written-in-one-statement.md).
-- The parts of a statement do not see each other's rows, so a BEFORE trigger on balances could not find the
-- transfer its write names. A row-level AFTER trigger fires when the whole statement is done, and sees every row it
-- wrote: the guard of 027 moves there, unchanged. What it refuses is the same, and a refused write still fails its
-- statement, which leaves nothing behind.
DROP TRIGGER "balances_by_ledger" ON "balances";

CREATE TRIGGER "balances_by_ledger" AFTER INSERT OR UPDATE OR DELETE ON "balances"
    FOR EACH ROW EXECUTE FUNCTION "balances_written_by_ledger"();
