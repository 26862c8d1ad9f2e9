-- CreateTable
CREATE TABLE "loyalty_events" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "member_id" TEXT NOT NULL,
    "payload" TEXT,
    "occurred_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "loyalty_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "loyalty_event_cursors" (
    "shop" TEXT NOT NULL,
    "stream" TEXT NOT NULL,
    "at" TIMESTAMP(3),
    "seq" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "loyalty_event_cursors_pkey" PRIMARY KEY ("shop","stream")
);

-- CreateTable
CREATE TABLE "member_tier_marks" (
    "member_id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "changes" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "member_tier_marks_pkey" PRIMARY KEY ("member_id")
);

-- CreateTable
CREATE TABLE "webhook_endpoints" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "events" TEXT NOT NULL,
    "secret_salt" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outgoing_webhook_deliveries" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "endpoint_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL,
    "give_up_at" TIMESTAMP(3) NOT NULL,
    "last_error" TEXT,
    "last_status" INTEGER,
    "delivered_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "outgoing_webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "loyalty_events_member_id_idx" ON "loyalty_events"("member_id");

-- CreateIndex
CREATE UNIQUE INDEX "loyalty_events_shop_seq_key" ON "loyalty_events"("shop", "seq");

-- CreateIndex
CREATE INDEX "member_tier_marks_shop_idx" ON "member_tier_marks"("shop");

-- CreateIndex
CREATE INDEX "webhook_endpoints_shop_idx" ON "webhook_endpoints"("shop");

-- CreateIndex
CREATE INDEX "outgoing_webhook_deliveries_status_next_attempt_at_idx" ON "outgoing_webhook_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "outgoing_webhook_deliveries_shop_status_idx" ON "outgoing_webhook_deliveries"("shop", "status");

-- CreateIndex
CREATE INDEX "outgoing_webhook_deliveries_event_id_idx" ON "outgoing_webhook_deliveries"("event_id");

-- CreateIndex
CREATE UNIQUE INDEX "outgoing_webhook_deliveries_endpoint_id_event_id_key" ON "outgoing_webhook_deliveries"("endpoint_id", "event_id");

-- CreateIndex
CREATE INDEX "members_shop_updated_at_idx" ON "members"("shop", "updated_at");

-- CreateIndex
CREATE INDEX "redemptions_shop_updated_at_idx" ON "redemptions"("shop", "updated_at");
