-- CreateTable
CREATE TABLE "shop_history_imports" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "since" DATETIME NOT NULL,
    "until" DATETIME NOT NULL,
    "bulk_operation_id" TEXT,
    "object_count" INTEGER NOT NULL DEFAULT 0,
    "customers_read" INTEGER NOT NULL DEFAULT 0,
    "orders_read" INTEGER NOT NULL DEFAULT 0,
    "members_created" INTEGER NOT NULL DEFAULT 0,
    "orders_recorded" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "awarded_members" INTEGER,
    "awarded_points" INTEGER,
    "awarded_at" DATETIME,
    "created_by" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "finished_at" DATETIME
);

-- AlterTable
-- Added in place rather than by rebuilding "orders" (what Prisma writes for SQLite): a rebuild would drop the
-- columns other migrations of the same day added and the triggers that keep the dashboard's rollups.
ALTER TABLE "orders" ADD COLUMN "earnings_withheld" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "shop_history_imports_shop_created_at_idx" ON "shop_history_imports"("shop", "created_at");

-- CreateIndex
CREATE INDEX "shop_history_imports_status_idx" ON "shop_history_imports"("status");
