-- AlterTable
ALTER TABLE "shops" ADD COLUMN     "customer_accounts" TEXT,
ADD COLUMN     "shopify_plus" BOOLEAN;
