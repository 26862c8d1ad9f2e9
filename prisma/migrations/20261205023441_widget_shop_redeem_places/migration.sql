-- AlterTable
ALTER TABLE "shops" ADD COLUMN "customer_accounts" TEXT;
ALTER TABLE "shops" ADD COLUMN "shopify_plus" BOOLEAN;
