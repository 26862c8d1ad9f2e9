-- AlterTable
ALTER TABLE "shops" ADD COLUMN     "tiers_checked_at" TIMESTAMP(3);
