-- CreateTable
CREATE TABLE "ledger_daily" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "points" BIGINT NOT NULL,
    "transfers" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "day", "code", "status")
);

-- CreateTable
CREATE TABLE "order_daily" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "orders" INTEGER NOT NULL,
    "revenue_minor" BIGINT NOT NULL,
    "member_orders" INTEGER NOT NULL,
    "member_revenue_minor" BIGINT NOT NULL,

    PRIMARY KEY ("shop", "day")
);

-- CreateTable
CREATE TABLE "referral_daily" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "referrals" INTEGER NOT NULL,
    "revenue_minor" BIGINT NOT NULL,

    PRIMARY KEY ("shop", "day", "status", "reason")
);

-- Backfill: the ledger's daily sums from the transfers already written. From here on the ledger writer keeps
-- them, in the transaction of each transfer.
INSERT INTO "ledger_daily" ("shop", "day", "code", "status", "points", "transfers")
SELECT "shop", substr("created_at", 1, 10), "code", "status", SUM("points"), COUNT(*)
FROM "transfers"
GROUP BY "shop", substr("created_at", 1, 10), "code", "status";

-- Counted orders per day of payment. Orders are written by several modules (webhook facts, reconciliation), so
-- these triggers keep the sums, in the transaction of every order write: an order's old contribution out, its
-- new one in. An order counts when paid, not cancelled and not a test.
CREATE TRIGGER "order_daily_insert" AFTER INSERT ON "orders"
    WHEN NEW."paid_at" IS NOT NULL AND NEW."cancelled_at" IS NULL AND NEW."test" = 0
BEGIN
    INSERT INTO "order_daily" ("shop", "day", "orders", "revenue_minor", "member_orders", "member_revenue_minor")
    VALUES (NEW."shop", substr(NEW."paid_at", 1, 10), 1, NEW."eligible_minor" - NEW."refunded_minor",
            NEW."member_id" IS NOT NULL, CASE WHEN NEW."member_id" IS NOT NULL THEN NEW."eligible_minor" - NEW."refunded_minor" ELSE 0 END)
    ON CONFLICT ("shop", "day") DO UPDATE SET
        "orders" = "orders" + excluded."orders",
        "revenue_minor" = "revenue_minor" + excluded."revenue_minor",
        "member_orders" = "member_orders" + excluded."member_orders",
        "member_revenue_minor" = "member_revenue_minor" + excluded."member_revenue_minor";
END;

CREATE TRIGGER "order_daily_update_old" AFTER UPDATE ON "orders"
    WHEN OLD."paid_at" IS NOT NULL AND OLD."cancelled_at" IS NULL AND OLD."test" = 0
BEGIN
    UPDATE "order_daily" SET
        "orders" = "orders" - 1,
        "revenue_minor" = "revenue_minor" - (OLD."eligible_minor" - OLD."refunded_minor"),
        "member_orders" = "member_orders" - (OLD."member_id" IS NOT NULL),
        "member_revenue_minor" = "member_revenue_minor" - CASE WHEN OLD."member_id" IS NOT NULL THEN OLD."eligible_minor" - OLD."refunded_minor" ELSE 0 END
    WHERE "shop" = OLD."shop" AND "day" = substr(OLD."paid_at", 1, 10);
END;

CREATE TRIGGER "order_daily_update_new" AFTER UPDATE ON "orders"
    WHEN NEW."paid_at" IS NOT NULL AND NEW."cancelled_at" IS NULL AND NEW."test" = 0
BEGIN
    INSERT INTO "order_daily" ("shop", "day", "orders", "revenue_minor", "member_orders", "member_revenue_minor")
    VALUES (NEW."shop", substr(NEW."paid_at", 1, 10), 1, NEW."eligible_minor" - NEW."refunded_minor",
            NEW."member_id" IS NOT NULL, CASE WHEN NEW."member_id" IS NOT NULL THEN NEW."eligible_minor" - NEW."refunded_minor" ELSE 0 END)
    ON CONFLICT ("shop", "day") DO UPDATE SET
        "orders" = "orders" + excluded."orders",
        "revenue_minor" = "revenue_minor" + excluded."revenue_minor",
        "member_orders" = "member_orders" + excluded."member_orders",
        "member_revenue_minor" = "member_revenue_minor" + excluded."member_revenue_minor";
END;

CREATE TRIGGER "order_daily_delete" AFTER DELETE ON "orders"
    WHEN OLD."paid_at" IS NOT NULL AND OLD."cancelled_at" IS NULL AND OLD."test" = 0
BEGIN
    UPDATE "order_daily" SET
        "orders" = "orders" - 1,
        "revenue_minor" = "revenue_minor" - (OLD."eligible_minor" - OLD."refunded_minor"),
        "member_orders" = "member_orders" - (OLD."member_id" IS NOT NULL),
        "member_revenue_minor" = "member_revenue_minor" - CASE WHEN OLD."member_id" IS NOT NULL THEN OLD."eligible_minor" - OLD."refunded_minor" ELSE 0 END
    WHERE "shop" = OLD."shop" AND "day" = substr(OLD."paid_at", 1, 10);
END;

-- Backfill from the orders already recorded.
INSERT INTO "order_daily" ("shop", "day", "orders", "revenue_minor", "member_orders", "member_revenue_minor")
SELECT "shop", substr("paid_at", 1, 10), COUNT(*), SUM("eligible_minor" - "refunded_minor"),
       SUM("member_id" IS NOT NULL), SUM(CASE WHEN "member_id" IS NOT NULL THEN "eligible_minor" - "refunded_minor" ELSE 0 END)
FROM "orders"
WHERE "paid_at" IS NOT NULL AND "cancelled_at" IS NULL AND "test" = 0
GROUP BY "shop", substr("paid_at", 1, 10);

-- Referrals by the day their order was paid, status and reason. A referral's row depends on the referral (status,
-- reason) and on its order (payment day, revenue), so triggers on both keep it: the pair's old contribution
-- out, its new one in. A referral counts once its order is paid; revenue only from counted orders.
CREATE TRIGGER "referral_daily_insert" AFTER INSERT ON "referrals"
BEGIN
    INSERT INTO "referral_daily" ("shop", "day", "status", "reason", "referrals", "revenue_minor")
    SELECT NEW."shop", substr(o."paid_at", 1, 10), NEW."status", COALESCE(NEW."reason", ''), 1, CASE WHEN o."cancelled_at" IS NULL AND o."test" = 0 THEN o."eligible_minor" - o."refunded_minor" ELSE 0 END
    FROM "orders" o WHERE o."shop" = NEW."shop" AND o."order_id" = NEW."order_id" AND o."paid_at" IS NOT NULL
    ON CONFLICT ("shop", "day", "status", "reason") DO UPDATE SET
        "referrals" = "referrals" + excluded."referrals",
        "revenue_minor" = "revenue_minor" + excluded."revenue_minor";
END;

CREATE TRIGGER "referral_daily_update" AFTER UPDATE ON "referrals"
BEGIN
    UPDATE "referral_daily" SET
        "referrals" = "referrals" - 1,
        "revenue_minor" = "revenue_minor" - (SELECT CASE WHEN o."cancelled_at" IS NULL AND o."test" = 0 THEN o."eligible_minor" - o."refunded_minor" ELSE 0 END FROM "orders" o WHERE o."shop" = OLD."shop" AND o."order_id" = OLD."order_id")
    WHERE "shop" = OLD."shop" AND "status" = OLD."status" AND "reason" = COALESCE(OLD."reason", '')
      AND "day" = (SELECT substr(o."paid_at", 1, 10) FROM "orders" o WHERE o."shop" = OLD."shop" AND o."order_id" = OLD."order_id");
    INSERT INTO "referral_daily" ("shop", "day", "status", "reason", "referrals", "revenue_minor")
    SELECT NEW."shop", substr(o."paid_at", 1, 10), NEW."status", COALESCE(NEW."reason", ''), 1, CASE WHEN o."cancelled_at" IS NULL AND o."test" = 0 THEN o."eligible_minor" - o."refunded_minor" ELSE 0 END
    FROM "orders" o WHERE o."shop" = NEW."shop" AND o."order_id" = NEW."order_id" AND o."paid_at" IS NOT NULL
    ON CONFLICT ("shop", "day", "status", "reason") DO UPDATE SET
        "referrals" = "referrals" + excluded."referrals",
        "revenue_minor" = "revenue_minor" + excluded."revenue_minor";
END;

CREATE TRIGGER "referral_daily_delete" AFTER DELETE ON "referrals"
BEGIN
    UPDATE "referral_daily" SET
        "referrals" = "referrals" - 1,
        "revenue_minor" = "revenue_minor" - (SELECT CASE WHEN o."cancelled_at" IS NULL AND o."test" = 0 THEN o."eligible_minor" - o."refunded_minor" ELSE 0 END FROM "orders" o WHERE o."shop" = OLD."shop" AND o."order_id" = OLD."order_id")
    WHERE "shop" = OLD."shop" AND "status" = OLD."status" AND "reason" = COALESCE(OLD."reason", '')
      AND "day" = (SELECT substr(o."paid_at", 1, 10) FROM "orders" o WHERE o."shop" = OLD."shop" AND o."order_id" = OLD."order_id");
END;

CREATE TRIGGER "referral_daily_order_insert" AFTER INSERT ON "orders"
    WHEN NEW."paid_at" IS NOT NULL AND EXISTS (SELECT 1 FROM "referrals" r WHERE r."shop" = NEW."shop" AND r."order_id" = NEW."order_id")
BEGIN
    INSERT INTO "referral_daily" ("shop", "day", "status", "reason", "referrals", "revenue_minor")
    SELECT NEW."shop", substr(NEW."paid_at", 1, 10), r."status", COALESCE(r."reason", ''), 1, CASE WHEN NEW."cancelled_at" IS NULL AND NEW."test" = 0 THEN NEW."eligible_minor" - NEW."refunded_minor" ELSE 0 END
    FROM "referrals" r WHERE r."shop" = NEW."shop" AND r."order_id" = NEW."order_id"
    ON CONFLICT ("shop", "day", "status", "reason") DO UPDATE SET
        "referrals" = "referrals" + excluded."referrals",
        "revenue_minor" = "revenue_minor" + excluded."revenue_minor";
END;

CREATE TRIGGER "referral_daily_order_update" AFTER UPDATE ON "orders"
    WHEN EXISTS (SELECT 1 FROM "referrals" r WHERE r."shop" = NEW."shop" AND r."order_id" = NEW."order_id")
BEGIN
    UPDATE "referral_daily" SET
        "referrals" = "referrals" - 1,
        "revenue_minor" = "revenue_minor" - CASE WHEN OLD."cancelled_at" IS NULL AND OLD."test" = 0 THEN OLD."eligible_minor" - OLD."refunded_minor" ELSE 0 END
    WHERE OLD."paid_at" IS NOT NULL AND "shop" = OLD."shop" AND "day" = substr(OLD."paid_at", 1, 10)
      AND ("status", "reason") = (SELECT r."status", COALESCE(r."reason", '') FROM "referrals" r WHERE r."shop" = OLD."shop" AND r."order_id" = OLD."order_id");
    INSERT INTO "referral_daily" ("shop", "day", "status", "reason", "referrals", "revenue_minor")
    SELECT NEW."shop", substr(NEW."paid_at", 1, 10), r."status", COALESCE(r."reason", ''), 1, CASE WHEN NEW."cancelled_at" IS NULL AND NEW."test" = 0 THEN NEW."eligible_minor" - NEW."refunded_minor" ELSE 0 END
    FROM "referrals" r WHERE r."shop" = NEW."shop" AND r."order_id" = NEW."order_id" AND NEW."paid_at" IS NOT NULL
    ON CONFLICT ("shop", "day", "status", "reason") DO UPDATE SET
        "referrals" = "referrals" + excluded."referrals",
        "revenue_minor" = "revenue_minor" + excluded."revenue_minor";
END;

CREATE TRIGGER "referral_daily_order_delete" AFTER DELETE ON "orders"
    WHEN OLD."paid_at" IS NOT NULL
BEGIN
    UPDATE "referral_daily" SET
        "referrals" = "referrals" - 1,
        "revenue_minor" = "revenue_minor" - CASE WHEN OLD."cancelled_at" IS NULL AND OLD."test" = 0 THEN OLD."eligible_minor" - OLD."refunded_minor" ELSE 0 END
    WHERE "shop" = OLD."shop" AND "day" = substr(OLD."paid_at", 1, 10)
      AND ("status", "reason") = (SELECT r."status", COALESCE(r."reason", '') FROM "referrals" r WHERE r."shop" = OLD."shop" AND r."order_id" = OLD."order_id");
END;

-- Backfill from the referrals already recorded.
INSERT INTO "referral_daily" ("shop", "day", "status", "reason", "referrals", "revenue_minor")
SELECT r."shop", substr(o."paid_at", 1, 10), r."status", COALESCE(r."reason", ''), COUNT(*), SUM(CASE WHEN o."cancelled_at" IS NULL AND o."test" = 0 THEN o."eligible_minor" - o."refunded_minor" ELSE 0 END)
FROM "referrals" r JOIN "orders" o ON o."shop" = r."shop" AND o."order_id" = r."order_id"
WHERE o."paid_at" IS NOT NULL
GROUP BY r."shop", substr(o."paid_at", 1, 10), r."status", COALESCE(r."reason", '');
