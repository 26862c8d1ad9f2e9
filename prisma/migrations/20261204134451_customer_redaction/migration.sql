-- CreateTable
CREATE TABLE "ledger_note_redactions" (
    "member_id" TEXT NOT NULL PRIMARY KEY
);

-- CreateTable
CREATE TABLE "redacted_customers" (
    "shop" TEXT NOT NULL,
    "customer_key" TEXT NOT NULL,
    "redacted_at" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "customer_key")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_webhook_deliveries" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "payload" TEXT,
    "received_at" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "run_after" DATETIME NOT NULL,
    "last_error" TEXT,
    "processed_at" DATETIME
);
INSERT INTO "new_webhook_deliveries" ("attempts", "id", "last_error", "payload", "processed_at", "received_at", "run_after", "shop", "status", "topic") SELECT "attempts", "id", "last_error", "payload", "processed_at", "received_at", "run_after", "shop", "status", "topic" FROM "webhook_deliveries";
DROP TABLE "webhook_deliveries";
ALTER TABLE "new_webhook_deliveries" RENAME TO "webhook_deliveries";
CREATE INDEX "webhook_deliveries_status_run_after_idx" ON "webhook_deliveries"("status", "run_after");
CREATE INDEX "webhook_deliveries_shop_received_at_idx" ON "webhook_deliveries"("shop", "received_at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Added by hand. Applied deliveries keep no payload from now on (docs/privacy.md); those applied before go too.
UPDATE "webhook_deliveries" SET "payload" = NULL WHERE "status" = 'done';

-- Members redacted before kept the address key the referral checks compare.
UPDATE "members" SET "address_key" = NULL WHERE "redacted_at" IS NOT NULL;

-- The sign-up bonus's ledger key named the Shopify customer ("customer:<id>:signup"); it names the member now, so
-- the ledger holds no customer id (docs/decisions/019-customer-redaction.md). The append-only trigger is dropped
-- for this one rewrite of keys, inside the migration's transaction; points, codes and statuses are untouched.
DROP TRIGGER "transfers_no_update";
UPDATE "transfers" SET "idempotency_key" = 'member:' || "member_id" || ':signup'
    WHERE "code" = 'SIGNUP_BONUS' AND "idempotency_key" LIKE 'customer:%:signup';

-- The ledger and the audit log stay append-only (Prisma cannot model triggers), with one more exception beside
-- shop/redact: while a member is listed in ledger_note_redactions (inside the one transaction of customers/redact),
-- the notes staff wrote on their transfers (memo) and audit events (details) may be replaced. Every other column
-- stays as it was: points, codes, statuses, keys, times.
CREATE TRIGGER "transfers_no_update" BEFORE UPDATE ON "transfers"
    WHEN NOT EXISTS (SELECT 1 FROM "ledger_note_redactions" WHERE "member_id" = OLD."member_id")
      OR NEW."id" IS NOT OLD."id" OR NEW."shop" IS NOT OLD."shop" OR NEW."member_id" IS NOT OLD."member_id"
      OR NEW."code" IS NOT OLD."code" OR NEW."points" IS NOT OLD."points" OR NEW."status" IS NOT OLD."status"
      OR NEW."pending_id" IS NOT OLD."pending_id" OR NEW."reverses_id" IS NOT OLD."reverses_id"
      OR NEW."order_id" IS NOT OLD."order_id" OR NEW."idempotency_key" IS NOT OLD."idempotency_key"
      OR NEW."fingerprint" IS NOT OLD."fingerprint" OR NEW."actor" IS NOT OLD."actor"
      OR NEW."created_at" IS NOT OLD."created_at"
BEGIN
    SELECT RAISE(ABORT, 'transfers are append-only: UPDATE is not allowed');
END;

DROP TRIGGER "audit_events_no_update";
CREATE TRIGGER "audit_events_no_update" BEFORE UPDATE ON "audit_events"
    WHEN OLD."subject_id" IS NULL
      OR NOT EXISTS (SELECT 1 FROM "ledger_note_redactions" WHERE "member_id" = OLD."subject_id")
      OR NEW."id" IS NOT OLD."id" OR NEW."shop" IS NOT OLD."shop" OR NEW."actor_id" IS NOT OLD."actor_id"
      OR NEW."actor_name" IS NOT OLD."actor_name" OR NEW."action" IS NOT OLD."action"
      OR NEW."subject_id" IS NOT OLD."subject_id" OR NEW."created_at" IS NOT OLD."created_at"
BEGIN
    SELECT RAISE(ABORT, 'audit_events are append-only: UPDATE is not allowed');
END;
