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

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_orders" (
    "shop" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "customer_id" TEXT,
    "member_id" TEXT,
    "paid_at" DATETIME,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "eligible_minor" INTEGER NOT NULL DEFAULT 0,
    "taxes_included" BOOLEAN NOT NULL DEFAULT false,
    "earned_points" INTEGER,
    "tier_at_paid" TEXT,
    "points_post_at" DATETIME,
    "cancelled_at" DATETIME,
    "refunded_minor" INTEGER NOT NULL DEFAULT 0,
    "email_key" TEXT,
    "shipping_address_key" TEXT,
    "discount_codes" TEXT NOT NULL DEFAULT '[]',
    "referral_code" TEXT,
    "earnings_withheld" BOOLEAN NOT NULL DEFAULT false,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "order_id")
);
INSERT INTO "new_orders" ("cancelled_at", "created_at", "customer_id", "discount_codes", "earned_points", "eligible_minor", "email_key", "member_id", "order_id", "paid_at", "points_post_at", "referral_code", "refunded_minor", "shipping_address_key", "shop", "taxes_included", "test", "tier_at_paid", "updated_at") SELECT "cancelled_at", "created_at", "customer_id", "discount_codes", "earned_points", "eligible_minor", "email_key", "member_id", "order_id", "paid_at", "points_post_at", "referral_code", "refunded_minor", "shipping_address_key", "shop", "taxes_included", "test", "tier_at_paid", "updated_at" FROM "orders";
DROP TABLE "orders";
ALTER TABLE "new_orders" RENAME TO "orders";
CREATE INDEX "orders_shop_customer_id_paid_at_idx" ON "orders"("shop", "customer_id", "paid_at");
CREATE INDEX "orders_shop_member_id_paid_at_cancelled_at_test_eligible_minor_refunded_minor_idx" ON "orders"("shop", "member_id", "paid_at", "cancelled_at", "test", "eligible_minor", "refunded_minor");
CREATE INDEX "orders_shop_paid_at_member_id_cancelled_at_test_eligible_minor_refunded_minor_idx" ON "orders"("shop", "paid_at", "member_id", "cancelled_at", "test", "eligible_minor", "refunded_minor");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "shop_history_imports_shop_created_at_idx" ON "shop_history_imports"("shop", "created_at");

-- CreateIndex
CREATE INDEX "shop_history_imports_status_idx" ON "shop_history_imports"("status");
