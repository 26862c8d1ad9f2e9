-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_members" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "email" TEXT,
    "first_name" TEXT,
    "last_name" TEXT,
    "account_state" TEXT NOT NULL DEFAULT 'disabled',
    "redacted_at" DATETIME,
    "tier" TEXT NOT NULL,
    "tier_spend" INTEGER NOT NULL DEFAULT 0,
    "referral_code" TEXT,
    "referral_discount_id" TEXT,
    "referral_discount_percent" INTEGER,
    "address_key" TEXT,
    "signup_bonus_at" DATETIME,
    "search_text" TEXT NOT NULL DEFAULT '',
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);
INSERT INTO "new_members" ("account_state", "address_key", "created_at", "customer_id", "email", "first_name", "id", "last_name", "redacted_at", "referral_code", "referral_discount_id", "referral_discount_percent", "shop", "signup_bonus_at", "tier", "tier_spend", "updated_at") SELECT "account_state", "address_key", "created_at", "customer_id", "email", "first_name", "id", "last_name", "redacted_at", "referral_code", "referral_discount_id", "referral_discount_percent", "shop", "signup_bonus_at", "tier", "tier_spend", "updated_at" FROM "members";
DROP TABLE "members";
ALTER TABLE "new_members" RENAME TO "members";
CREATE INDEX "members_shop_email_idx" ON "members"("shop", "email");
CREATE INDEX "members_shop_created_at_idx" ON "members"("shop", "created_at");
CREATE INDEX "members_shop_tier_idx" ON "members"("shop", "tier");
CREATE INDEX "members_shop_search_text_id_idx" ON "members"("shop", "search_text", "id");
CREATE INDEX "members_shop_tier_spend_idx" ON "members"("shop", "tier_spend");
CREATE UNIQUE INDEX "members_shop_customer_id_key" ON "members"("shop", "customer_id");
CREATE UNIQUE INDEX "members_shop_referral_code_key" ON "members"("shop", "referral_code");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "referrals_shop_created_at_idx" ON "referrals"("shop", "created_at");

-- CreateIndex
CREATE INDEX "referrals_shop_status_created_at_idx" ON "referrals"("shop", "status", "created_at");

-- CreateIndex
CREATE INDEX "referrals_shop_friend_customer_id_idx" ON "referrals"("shop", "friend_customer_id");

-- members.search_text: "first last", a line break, then the email, all lowered by the database, so the members
-- search matches one narrow indexed column and never LOWER()s 100,000 rows per request. Kept by triggers on every
-- write path (the app, imports, redaction, seeds). Added by hand: Prisma cannot model triggers.
UPDATE "members" SET "search_text" = LOWER(COALESCE("first_name", '') || ' ' || COALESCE("last_name", '')) || char(10) || LOWER(COALESCE("email", ''));

CREATE TRIGGER "members_search_text_insert" AFTER INSERT ON "members"
BEGIN
    UPDATE "members" SET "search_text" = LOWER(COALESCE(NEW."first_name", '') || ' ' || COALESCE(NEW."last_name", '')) || char(10) || LOWER(COALESCE(NEW."email", ''))
    WHERE "id" = NEW."id";
END;

CREATE TRIGGER "members_search_text_update" AFTER UPDATE OF "first_name", "last_name", "email" ON "members"
BEGIN
    UPDATE "members" SET "search_text" = LOWER(COALESCE(NEW."first_name", '') || ' ' || COALESCE(NEW."last_name", '')) || char(10) || LOWER(COALESCE(NEW."email", ''))
    WHERE "id" = NEW."id";
END;
