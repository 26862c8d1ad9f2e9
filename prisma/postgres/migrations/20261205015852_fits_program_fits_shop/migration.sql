-- AlterTable
ALTER TABLE "members" ADD COLUMN     "excluded_at" TIMESTAMP(3),
ADD COLUMN     "tags" TEXT,
ADD COLUMN     "tags_updated_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "customer_tags" TEXT,
ADD COLUMN     "shipping_included" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "order_refunds" ADD COLUMN     "shipping_minor" INTEGER NOT NULL DEFAULT 0;
