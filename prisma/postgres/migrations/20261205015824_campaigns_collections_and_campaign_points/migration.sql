-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "campaign_ids" TEXT,
ADD COLUMN     "campaign_points" INTEGER,
ADD COLUMN     "excluded_lines" TEXT,
ADD COLUMN     "product_spend" TEXT;

-- CreateTable
CREATE TABLE "collection_products" (
    "shop" TEXT NOT NULL,
    "collection_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "refreshed_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "collection_products_pkey" PRIMARY KEY ("shop","collection_id","product_id")
);

-- CreateTable
CREATE TABLE "collection_refreshes" (
    "shop" TEXT NOT NULL,
    "collection_id" TEXT NOT NULL,
    "title" TEXT,
    "refreshed_at" TIMESTAMP(3) NOT NULL,
    "found" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "collection_refreshes_pkey" PRIMARY KEY ("shop","collection_id")
);

-- CreateIndex
CREATE INDEX "collection_products_shop_product_id_idx" ON "collection_products"("shop", "product_id");
