-- Nothing reads the queue in (status, run_after) order: the claim reads off (status, received_at, id) since
-- 20261205124200_queue_claim_order, and every delivery wrote this index at its insert, its claim and its completion
-- (docs/decisions/066-sqlite-takes-deliveries-in-the-settling-unit.md).
-- DropIndex
DROP INDEX "webhook_deliveries_status_run_after_idx";
