-- AlterTable
ALTER TABLE "members" ADD COLUMN     "referral_discount_id" TEXT,
ADD COLUMN     "referral_discount_percent" INTEGER;

-- AlterTable
ALTER TABLE "redemptions" ADD COLUMN     "request_id" TEXT,
ADD COLUMN     "reward" TEXT;

-- CreateIndex
CREATE INDEX "redemptions_member_id_created_at_idx" ON "redemptions"("member_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "redemptions_member_id_request_id_key" ON "redemptions"("member_id", "request_id");
