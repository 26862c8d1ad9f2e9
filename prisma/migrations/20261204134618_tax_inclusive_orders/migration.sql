-- Added in place rather than by redefining the tables: orders carries the triggers that keep the dashboard's daily
-- sums and customer cover, and a redefinition would drop them.
-- AlterTable
ALTER TABLE "orders" ADD COLUMN "taxes_included" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "order_refunds" ADD COLUMN "tax_minor" INTEGER NOT NULL DEFAULT 0;
