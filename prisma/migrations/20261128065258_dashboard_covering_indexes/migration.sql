-- DropIndex
DROP INDEX "orders_shop_member_id_paid_at_idx";

-- CreateIndex
CREATE INDEX "transfers_shop_status_created_at_code_points_idx" ON "transfers"("shop", "status", "created_at", "code", "points");

-- CreateIndex
CREATE INDEX "orders_shop_member_id_paid_at_cancelled_at_test_eligible_minor_refunded_minor_idx" ON "orders"("shop", "member_id", "paid_at", "cancelled_at", "test", "eligible_minor", "refunded_minor");

-- CreateIndex
CREATE INDEX "orders_shop_paid_at_member_id_cancelled_at_test_eligible_minor_refunded_minor_idx" ON "orders"("shop", "paid_at", "member_id", "cancelled_at", "test", "eligible_minor", "refunded_minor");
