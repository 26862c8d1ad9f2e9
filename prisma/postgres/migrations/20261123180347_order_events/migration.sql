-- AlterTable
ALTER TABLE "shops" ADD COLUMN     "orders_reconciled_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "members" ADD COLUMN     "address_key" TEXT,
ADD COLUMN     "referral_code" TEXT,
ADD COLUMN     "signup_bonus_at" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "run_after" TIMESTAMP(3) NOT NULL,
    "last_error" TEXT,
    "processed_at" TIMESTAMP(3),

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders" (
    "shop" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "customer_id" TEXT,
    "member_id" TEXT,
    "paid_at" TIMESTAMP(3),
    "test" BOOLEAN NOT NULL DEFAULT false,
    "eligible_minor" INTEGER NOT NULL DEFAULT 0,
    "earned_points" INTEGER,
    "tier_at_paid" TEXT,
    "points_post_at" TIMESTAMP(3),
    "cancelled_at" TIMESTAMP(3),
    "refunded_minor" INTEGER NOT NULL DEFAULT 0,
    "email_key" TEXT,
    "shipping_address_key" TEXT,
    "discount_codes" TEXT NOT NULL DEFAULT '[]',
    "referral_code" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("shop","order_id")
);

-- CreateTable
CREATE TABLE "order_refunds" (
    "shop" TEXT NOT NULL,
    "refund_id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "eligible_minor" INTEGER NOT NULL,
    "refunded_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "order_refunds_pkey" PRIMARY KEY ("shop","refund_id")
);

-- CreateTable
CREATE TABLE "referrals" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "advocate_member_id" TEXT NOT NULL,
    "friend_customer_id" TEXT,
    "order_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "reward_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "referrals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "redemptions" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "member_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "reservation_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "discount_id" TEXT,
    "order_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "redemptions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "webhook_deliveries_status_run_after_idx" ON "webhook_deliveries"("status", "run_after");

-- CreateIndex
CREATE INDEX "webhook_deliveries_shop_received_at_idx" ON "webhook_deliveries"("shop", "received_at");

-- CreateIndex
CREATE INDEX "orders_shop_customer_id_paid_at_idx" ON "orders"("shop", "customer_id", "paid_at");

-- CreateIndex
CREATE INDEX "order_refunds_shop_order_id_idx" ON "order_refunds"("shop", "order_id");

-- CreateIndex
CREATE INDEX "referrals_shop_advocate_member_id_idx" ON "referrals"("shop", "advocate_member_id");

-- CreateIndex
CREATE INDEX "referrals_status_reward_at_idx" ON "referrals"("status", "reward_at");

-- CreateIndex
CREATE UNIQUE INDEX "referrals_shop_order_id_key" ON "referrals"("shop", "order_id");

-- CreateIndex
CREATE INDEX "redemptions_status_expires_at_idx" ON "redemptions"("status", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "redemptions_shop_code_key" ON "redemptions"("shop", "code");

-- CreateIndex
CREATE UNIQUE INDEX "members_shop_referral_code_key" ON "members"("shop", "referral_code");
