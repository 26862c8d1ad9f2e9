-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "earnings_withheld" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "shop_history_imports" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,
    "bulk_operation_id" TEXT,
    "object_count" INTEGER NOT NULL DEFAULT 0,
    "customers_read" INTEGER NOT NULL DEFAULT 0,
    "orders_read" INTEGER NOT NULL DEFAULT 0,
    "members_created" INTEGER NOT NULL DEFAULT 0,
    "orders_recorded" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "awarded_members" INTEGER,
    "awarded_points" INTEGER,
    "awarded_at" TIMESTAMP(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "shop_history_imports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "shop_history_imports_shop_created_at_idx" ON "shop_history_imports"("shop", "created_at");

-- CreateIndex
CREATE INDEX "shop_history_imports_status_idx" ON "shop_history_imports"("status");
