-- AlterTable
ALTER TABLE "referrals" ADD COLUMN "decided_at" DATETIME;
ALTER TABLE "referrals" ADD COLUMN "decided_by" TEXT;

-- CreateTable
CREATE TABLE "audit_events" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject_id" TEXT,
    "details" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "imports" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "file_sha256" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "total_rows" INTEGER NOT NULL DEFAULT 0,
    "processed_rows" INTEGER NOT NULL DEFAULT 0,
    "imported_rows" INTEGER NOT NULL DEFAULT 0,
    "skipped_rows" INTEGER NOT NULL DEFAULT 0,
    "errors" TEXT NOT NULL DEFAULT '[]',
    "rows" TEXT NOT NULL DEFAULT '[]',
    "created_by" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "finished_at" DATETIME
);

-- CreateIndex
CREATE INDEX "audit_events_shop_created_at_idx" ON "audit_events"("shop", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_shop_action_created_at_idx" ON "audit_events"("shop", "action", "created_at");

-- CreateIndex
CREATE INDEX "imports_shop_created_at_idx" ON "imports"("shop", "created_at");

-- The audit log is append-only, like the ledger, with the same one exception: shop/redact erases a shop listed
-- in ledger_redactions. Added by hand: Prisma cannot model triggers.
CREATE TRIGGER "audit_events_no_update" BEFORE UPDATE ON "audit_events"
BEGIN
    SELECT RAISE(ABORT, 'audit_events are append-only: UPDATE is not allowed');
END;

CREATE TRIGGER "audit_events_no_delete" BEFORE DELETE ON "audit_events"
    WHEN NOT EXISTS (SELECT 1 FROM "ledger_redactions" WHERE "shop" = OLD."shop")
BEGIN
    SELECT RAISE(ABORT, 'audit_events are append-only: DELETE is not allowed');
END;
