-- CreateIndex
CREATE INDEX "webhook_deliveries_status_received_at_id_idx" ON "webhook_deliveries"("status", "received_at", "id");
