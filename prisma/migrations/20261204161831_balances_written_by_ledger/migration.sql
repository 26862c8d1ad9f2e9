-- AlterTable
ALTER TABLE "balances" ADD COLUMN "last_transfer_id" TEXT;

-- Added by hand: Prisma cannot model triggers. Balances are a cache of the member's transfers, and only the ledger
-- writer keeps it (docs/decisions/027-balances-written-only-by-the-ledger.md): every write it makes names, in
-- last_transfer_id, the member's transfer it applies, which it appended in the same transaction. A write that names
-- no transfer of that member, or the one the row already names, comes from somewhere else and is refused, as is a
-- deletion outside shop/redact (the rule the append-only transfers follow).

-- Rows written before name their member's latest transfer.
UPDATE "balances" SET "last_transfer_id" = (
    SELECT "id" FROM "transfers" WHERE "transfers"."member_id" = "balances"."member_id"
    ORDER BY "created_at" DESC, "id" DESC LIMIT 1
);

CREATE TRIGGER "balances_insert_by_ledger" BEFORE INSERT ON "balances"
    WHEN NOT EXISTS (SELECT 1 FROM "transfers" WHERE "id" = NEW."last_transfer_id" AND "member_id" = NEW."member_id" AND "shop" = NEW."shop")
BEGIN
    SELECT RAISE(ABORT, 'balances are written only by the ledger: INSERT is not allowed');
END;

CREATE TRIGGER "balances_update_by_ledger" BEFORE UPDATE ON "balances"
    WHEN NEW."last_transfer_id" IS OLD."last_transfer_id"
      OR NEW."member_id" IS NOT OLD."member_id" OR NEW."shop" IS NOT OLD."shop"
      OR NOT EXISTS (SELECT 1 FROM "transfers" WHERE "id" = NEW."last_transfer_id" AND "member_id" = NEW."member_id" AND "shop" = NEW."shop")
BEGIN
    SELECT RAISE(ABORT, 'balances are written only by the ledger: UPDATE is not allowed');
END;

CREATE TRIGGER "balances_no_delete" BEFORE DELETE ON "balances"
    WHEN NOT EXISTS (SELECT 1 FROM "ledger_redactions" WHERE "shop" = OLD."shop")
BEGIN
    SELECT RAISE(ABORT, 'balances are written only by the ledger: DELETE is not allowed');
END;
