-- CreateTable
CREATE TABLE "customer_metafield_syncs" (
    "member_id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "dirty" BOOLEAN NOT NULL DEFAULT true,
    "marks" INTEGER NOT NULL DEFAULT 0,
    "not_before" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "points" INTEGER,
    "tier" TEXT,
    "referral_code" TEXT,
    "tier_tag" TEXT,
    "written_at" DATETIME
);

-- CreateTable
CREATE TABLE "customer_metafield_shops" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "definitions_at" DATETIME,
    "namespace" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "not_before" DATETIME,
    "last_error" TEXT,
    "program_mark" TEXT
);

-- CreateIndex
CREATE INDEX "customer_metafield_syncs_shop_dirty_idx" ON "customer_metafield_syncs"("shop", "dirty");
