-- CreateTable
CREATE TABLE "ledger_daily" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "points" BIGINT NOT NULL,
    "transfers" INTEGER NOT NULL,

    CONSTRAINT "ledger_daily_pkey" PRIMARY KEY ("shop","day","code","status")
);

-- CreateTable
CREATE TABLE "order_daily" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "orders" INTEGER NOT NULL,
    "revenue_minor" BIGINT NOT NULL,
    "member_orders" INTEGER NOT NULL,
    "member_revenue_minor" BIGINT NOT NULL,

    CONSTRAINT "order_daily_pkey" PRIMARY KEY ("shop","day")
);

-- CreateTable
CREATE TABLE "referral_daily" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "referrals" INTEGER NOT NULL,
    "revenue_minor" BIGINT NOT NULL,

    CONSTRAINT "referral_daily_pkey" PRIMARY KEY ("shop","day","status","reason")
);

-- Backfill: the ledger's daily sums from the transfers already written. From here on the ledger writer keeps
-- them, in the transaction of each transfer.
INSERT INTO "ledger_daily" ("shop", "day", "code", "status", "points", "transfers")
SELECT "shop", to_char("created_at", 'YYYY-MM-DD'), "code", "status", SUM("points"), COUNT(*)
FROM "transfers"
GROUP BY "shop", to_char("created_at", 'YYYY-MM-DD'), "code", "status";

-- Counted orders per day of payment. Orders are written by several modules (webhook facts, reconciliation), so
-- this trigger keeps the sums, in the transaction of every order write: an order's old contribution out, its
-- new one in. An order counts when paid, not cancelled and not a test.
CREATE FUNCTION "order_daily_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."paid_at" IS NOT NULL AND OLD."cancelled_at" IS NULL AND NOT OLD."test" THEN
        UPDATE "order_daily" SET
            "orders" = "orders" - 1,
            "revenue_minor" = "revenue_minor" - (OLD."eligible_minor" - OLD."refunded_minor"),
            "member_orders" = "member_orders" - CASE WHEN OLD."member_id" IS NOT NULL THEN 1 ELSE 0 END,
            "member_revenue_minor" = "member_revenue_minor" - CASE WHEN OLD."member_id" IS NOT NULL THEN OLD."eligible_minor" - OLD."refunded_minor" ELSE 0 END
        WHERE "shop" = OLD."shop" AND "day" = to_char(OLD."paid_at", 'YYYY-MM-DD');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."paid_at" IS NOT NULL AND NEW."cancelled_at" IS NULL AND NOT NEW."test" THEN
        INSERT INTO "order_daily" AS d ("shop", "day", "orders", "revenue_minor", "member_orders", "member_revenue_minor")
        VALUES (NEW."shop", to_char(NEW."paid_at", 'YYYY-MM-DD'), 1, NEW."eligible_minor" - NEW."refunded_minor",
                CASE WHEN NEW."member_id" IS NOT NULL THEN 1 ELSE 0 END,
                CASE WHEN NEW."member_id" IS NOT NULL THEN NEW."eligible_minor" - NEW."refunded_minor" ELSE 0 END)
        ON CONFLICT ("shop", "day") DO UPDATE SET
            "orders" = d."orders" + excluded."orders",
            "revenue_minor" = d."revenue_minor" + excluded."revenue_minor",
            "member_orders" = d."member_orders" + excluded."member_orders",
            "member_revenue_minor" = d."member_revenue_minor" + excluded."member_revenue_minor";
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "order_daily_sums" AFTER INSERT OR UPDATE OR DELETE ON "orders"
    FOR EACH ROW EXECUTE FUNCTION "order_daily_apply"();

-- Backfill from the orders already recorded.
INSERT INTO "order_daily" ("shop", "day", "orders", "revenue_minor", "member_orders", "member_revenue_minor")
SELECT "shop", to_char("paid_at", 'YYYY-MM-DD'), COUNT(*), SUM("eligible_minor" - "refunded_minor"),
       SUM(CASE WHEN "member_id" IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN "member_id" IS NOT NULL THEN "eligible_minor" - "refunded_minor" ELSE 0 END)
FROM "orders"
WHERE "paid_at" IS NOT NULL AND "cancelled_at" IS NULL AND NOT "test"
GROUP BY "shop", to_char("paid_at", 'YYYY-MM-DD');

-- Referrals by the day their order was paid, status and reason. A referral's row depends on the referral (status,
-- reason) and on its order (payment day, revenue), so triggers on both keep it: the pair's old contribution
-- out, its new one in. A referral counts once its order is paid; revenue only from counted orders.
CREATE FUNCTION "referral_daily_from_referral"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE "referral_daily" d SET
            "referrals" = d."referrals" - 1,
            "revenue_minor" = d."revenue_minor" - CASE WHEN o."cancelled_at" IS NULL AND NOT o."test" THEN o."eligible_minor" - o."refunded_minor" ELSE 0 END
        FROM "orders" o
        WHERE o."shop" = OLD."shop" AND o."order_id" = OLD."order_id" AND o."paid_at" IS NOT NULL
          AND d."shop" = OLD."shop" AND d."day" = to_char(o."paid_at", 'YYYY-MM-DD')
          AND d."status" = OLD."status" AND d."reason" = COALESCE(OLD."reason", '');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO "referral_daily" AS d ("shop", "day", "status", "reason", "referrals", "revenue_minor")
        SELECT NEW."shop", to_char(o."paid_at", 'YYYY-MM-DD'), NEW."status", COALESCE(NEW."reason", ''), 1, CASE WHEN o."cancelled_at" IS NULL AND NOT o."test" THEN o."eligible_minor" - o."refunded_minor" ELSE 0 END
        FROM "orders" o WHERE o."shop" = NEW."shop" AND o."order_id" = NEW."order_id" AND o."paid_at" IS NOT NULL
        ON CONFLICT ("shop", "day", "status", "reason") DO UPDATE SET
            "referrals" = d."referrals" + excluded."referrals",
            "revenue_minor" = d."revenue_minor" + excluded."revenue_minor";
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "referral_daily_referrals" AFTER INSERT OR UPDATE OR DELETE ON "referrals"
    FOR EACH ROW EXECUTE FUNCTION "referral_daily_from_referral"();

CREATE FUNCTION "referral_daily_from_order"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."paid_at" IS NOT NULL THEN
        UPDATE "referral_daily" d SET
            "referrals" = d."referrals" - 1,
            "revenue_minor" = d."revenue_minor" - CASE WHEN OLD."cancelled_at" IS NULL AND NOT OLD."test" THEN OLD."eligible_minor" - OLD."refunded_minor" ELSE 0 END
        FROM "referrals" r
        WHERE r."shop" = OLD."shop" AND r."order_id" = OLD."order_id"
          AND d."shop" = OLD."shop" AND d."day" = to_char(OLD."paid_at", 'YYYY-MM-DD')
          AND d."status" = r."status" AND d."reason" = COALESCE(r."reason", '');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."paid_at" IS NOT NULL THEN
        INSERT INTO "referral_daily" AS d ("shop", "day", "status", "reason", "referrals", "revenue_minor")
        SELECT NEW."shop", to_char(NEW."paid_at", 'YYYY-MM-DD'), r."status", COALESCE(r."reason", ''), 1, CASE WHEN NEW."cancelled_at" IS NULL AND NOT NEW."test" THEN NEW."eligible_minor" - NEW."refunded_minor" ELSE 0 END
        FROM "referrals" r WHERE r."shop" = NEW."shop" AND r."order_id" = NEW."order_id"
        ON CONFLICT ("shop", "day", "status", "reason") DO UPDATE SET
            "referrals" = d."referrals" + excluded."referrals",
            "revenue_minor" = d."revenue_minor" + excluded."revenue_minor";
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "referral_daily_orders" AFTER INSERT OR UPDATE OR DELETE ON "orders"
    FOR EACH ROW EXECUTE FUNCTION "referral_daily_from_order"();

-- Backfill from the referrals already recorded.
INSERT INTO "referral_daily" ("shop", "day", "status", "reason", "referrals", "revenue_minor")
SELECT r."shop", to_char(o."paid_at", 'YYYY-MM-DD'), r."status", COALESCE(r."reason", ''), COUNT(*), SUM(CASE WHEN o."cancelled_at" IS NULL AND NOT o."test" THEN o."eligible_minor" - o."refunded_minor" ELSE 0 END)
FROM "referrals" r JOIN "orders" o ON o."shop" = r."shop" AND o."order_id" = r."order_id"
WHERE o."paid_at" IS NOT NULL
GROUP BY r."shop", to_char(o."paid_at", 'YYYY-MM-DD'), r."status", COALESCE(r."reason", '');
