-- CreateIndex
CREATE INDEX "members_shop_created_at_idx" ON "members"("shop", "created_at");

-- CreateIndex
CREATE INDEX "members_shop_tier_idx" ON "members"("shop", "tier");

-- CreateIndex
CREATE INDEX "transfers_shop_created_at_idx" ON "transfers"("shop", "created_at");

-- CreateIndex
CREATE INDEX "transfers_shop_code_created_at_idx" ON "transfers"("shop", "code", "created_at");
