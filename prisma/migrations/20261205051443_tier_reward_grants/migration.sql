-- CreateTable
CREATE TABLE "tier_reward_grants" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "member_id" TEXT NOT NULL,
    "tier_key" TEXT NOT NULL,
    "reward" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" DATETIME NOT NULL,
    "last_error" TEXT,
    "discount_id" TEXT,
    "expires_at" DATETIME,
    "issued_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "tier_reward_grants_status_next_attempt_at_idx" ON "tier_reward_grants"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "tier_reward_grants_member_id_tier_key_key" ON "tier_reward_grants"("member_id", "tier_key");

-- CreateIndex
CREATE UNIQUE INDEX "tier_reward_grants_shop_code_key" ON "tier_reward_grants"("shop", "code");
