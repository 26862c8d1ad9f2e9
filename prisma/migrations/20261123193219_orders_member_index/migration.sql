-- CreateIndex
CREATE INDEX "orders_shop_member_id_paid_at_idx" ON "orders"("shop", "member_id", "paid_at");
