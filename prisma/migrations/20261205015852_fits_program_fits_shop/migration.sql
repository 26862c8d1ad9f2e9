-- AlterTable
ALTER TABLE "members" ADD COLUMN "excluded_at" DATETIME;
ALTER TABLE "members" ADD COLUMN "tags" TEXT;
ALTER TABLE "members" ADD COLUMN "tags_updated_at" DATETIME;

-- AlterTable: added in place (not by redefining the tables as Prisma proposes), so the rollup triggers on orders stay.
ALTER TABLE "orders" ADD COLUMN "shipping_included" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "orders" ADD COLUMN "customer_tags" TEXT;
ALTER TABLE "order_refunds" ADD COLUMN "shipping_minor" INTEGER NOT NULL DEFAULT 0;
