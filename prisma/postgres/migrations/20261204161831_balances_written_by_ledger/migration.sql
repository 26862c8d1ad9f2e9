-- AlterTable
ALTER TABLE "balances" ADD COLUMN     "last_transfer_id" TEXT;

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

CREATE FUNCTION "balances_written_by_ledger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM "ledger_redactions" WHERE "shop" = OLD."shop") THEN
        RETURN OLD;
    END IF;
    IF (TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."last_transfer_id" IS DISTINCT FROM OLD."last_transfer_id"
            AND NEW."member_id" = OLD."member_id" AND NEW."shop" = OLD."shop"))
        AND EXISTS (SELECT 1 FROM "transfers"
            WHERE "id" = NEW."last_transfer_id" AND "member_id" = NEW."member_id" AND "shop" = NEW."shop") THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'balances are written only by the ledger: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER "balances_by_ledger" BEFORE INSERT OR UPDATE OR DELETE ON "balances"
    FOR EACH ROW EXECUTE FUNCTION "balances_written_by_ledger"();

CREATE TRIGGER "balances_no_truncate" BEFORE TRUNCATE ON "balances"
    FOR EACH STATEMENT EXECUTE FUNCTION "balances_written_by_ledger"();
