-- AlterTable
ALTER TABLE "members" ADD COLUMN     "locale" TEXT;

-- CreateTable
CREATE TABLE "email_settings" (
    "shop" TEXT NOT NULL,
    "disabled_kinds" TEXT NOT NULL DEFAULT '[]',
    "brand_color" TEXT,
    "fallback_locale" TEXT NOT NULL DEFAULT 'en',
    "within_reach_points" INTEGER NOT NULL DEFAULT 100,
    "expiry_notice_days" INTEGER NOT NULL DEFAULT 14,
    "smtp_host" TEXT,
    "smtp_port" INTEGER,
    "smtp_security" TEXT NOT NULL DEFAULT 'starttls',
    "smtp_user" TEXT,
    "smtp_password" TEXT,
    "from_address" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "email_settings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "member_emails" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "member_id" TEXT,
    "to_address" TEXT,
    "locale" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL,
    "give_up_at" TIMESTAMP(3) NOT NULL,
    "last_error" TEXT,
    "sent_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "member_emails_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_opt_outs" (
    "member_id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "email_opt_outs_pkey" PRIMARY KEY ("member_id","kind")
);

-- CreateIndex
CREATE INDEX "member_emails_status_next_attempt_at_idx" ON "member_emails"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "member_emails_shop_created_at_idx" ON "member_emails"("shop", "created_at");

-- CreateIndex
CREATE INDEX "member_emails_member_id_kind_created_at_idx" ON "member_emails"("member_id", "kind", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "member_emails_shop_key_key" ON "member_emails"("shop", "key");

-- CreateIndex
CREATE INDEX "email_opt_outs_shop_idx" ON "email_opt_outs"("shop");
