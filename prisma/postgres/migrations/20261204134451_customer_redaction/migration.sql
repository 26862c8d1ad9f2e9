-- CreateTable
CREATE TABLE "ledger_note_redactions" (
    "member_id" TEXT NOT NULL,

    CONSTRAINT "ledger_note_redactions_pkey" PRIMARY KEY ("member_id")
);

-- AlterTable
ALTER TABLE "webhook_deliveries" ALTER COLUMN "payload" DROP NOT NULL;

-- CreateTable
CREATE TABLE "redacted_customers" (
    "shop" TEXT NOT NULL,
    "customer_key" TEXT NOT NULL,
    "redacted_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "redacted_customers_pkey" PRIMARY KEY ("shop","customer_key")
);

-- Added by hand. Applied deliveries keep no payload from now on (docs/privacy.md); those applied before go too.
UPDATE "webhook_deliveries" SET "payload" = NULL WHERE "status" = 'done';

-- The sign-up bonus's ledger key named the Shopify customer ("customer:<id>:signup"); it names the member now, so
-- the ledger holds no customer id (docs/decisions/019-customer-redaction.md). The append-only trigger is lifted for
-- this one rewrite of keys, inside the migration's transaction; points, codes and statuses are untouched.
ALTER TABLE "transfers" DISABLE TRIGGER "transfers_no_update_or_delete";
UPDATE "transfers" SET "idempotency_key" = 'member:' || "member_id" || ':signup'
    WHERE "code" = 'SIGNUP_BONUS' AND "idempotency_key" LIKE 'customer:%:signup';
ALTER TABLE "transfers" ENABLE TRIGGER "transfers_no_update_or_delete";

-- Members redacted before kept the address key the referral checks compare.
UPDATE "members" SET "address_key" = NULL WHERE "redacted_at" IS NOT NULL;

-- Added by hand: Prisma cannot model triggers. The ledger and the audit log stay append-only, with one more
-- exception beside shop/redact: while a member is listed in ledger_note_redactions (inside the one transaction of
-- customers/redact), the notes staff wrote on their transfers (memo) and audit events (details) may be replaced.
-- Every other column stays as it was: points, codes, statuses, keys, times.
CREATE OR REPLACE FUNCTION "transfers_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM "ledger_redactions" WHERE "shop" = OLD."shop") THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM "ledger_note_redactions" WHERE "member_id" = OLD."member_id")
        AND (to_jsonb(NEW) - 'memo') = (to_jsonb(OLD) - 'memo') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'transfers are append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;

CREATE OR REPLACE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM "ledger_redactions" WHERE "shop" = OLD."shop") THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM "ledger_note_redactions" WHERE "member_id" = OLD."subject_id")
        AND (to_jsonb(NEW) - 'details') = (to_jsonb(OLD) - 'details') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_events are append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;
