-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "taxes_included" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "order_refunds" ADD COLUMN     "tax_minor" INTEGER NOT NULL DEFAULT 0;
