-- CreateTable
CREATE TABLE "flow_trigger_sends" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" DATETIME NOT NULL,
    "give_up_at" DATETIME NOT NULL,
    "last_error" TEXT,
    "sent_at" DATETIME,
    "created_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "flow_trigger_sends_status_next_attempt_at_idx" ON "flow_trigger_sends"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "flow_trigger_sends_shop_status_idx" ON "flow_trigger_sends"("shop", "status");

-- CreateIndex
CREATE UNIQUE INDEX "flow_trigger_sends_event_id_trigger_key" ON "flow_trigger_sends"("event_id", "trigger");
