-- CreateTable
CREATE TABLE "customer_metafield_syncs" (
    "member_id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "dirty" BOOLEAN NOT NULL DEFAULT true,
    "marks" INTEGER NOT NULL DEFAULT 0,
    "not_before" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "points" INTEGER,
    "tier" TEXT,
    "referral_code" TEXT,
    "tier_tag" TEXT,
    "written_at" TIMESTAMP(3),

    CONSTRAINT "customer_metafield_syncs_pkey" PRIMARY KEY ("member_id")
);

-- CreateTable
CREATE TABLE "customer_metafield_shops" (
    "shop" TEXT NOT NULL,
    "definitions_at" TIMESTAMP(3),
    "namespace" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "not_before" TIMESTAMP(3),
    "last_error" TEXT,
    "program_mark" TEXT,

    CONSTRAINT "customer_metafield_shops_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "customer_metafield_syncs_shop_dirty_idx" ON "customer_metafield_syncs"("shop", "dirty");
