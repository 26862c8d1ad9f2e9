-- AlterTable
ALTER TABLE "shops" ADD COLUMN "time_zone" TEXT;

-- AlterTable
ALTER TABLE "members" ADD COLUMN "birth_day" INTEGER;
ALTER TABLE "members" ADD COLUMN "birth_month" INTEGER;
ALTER TABLE "members" ADD COLUMN "birthday_given_at" DATETIME;
ALTER TABLE "members" ADD COLUMN "birthday_paid_year" INTEGER;

-- CreateIndex
CREATE INDEX "members_shop_birth_month_birth_day_idx" ON "members"("shop", "birth_month", "birth_day");
