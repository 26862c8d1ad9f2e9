-- CreateTable
CREATE TABLE "shopper_order_days" (
    "shop" TEXT NOT NULL,
    "shopper" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "member" BOOLEAN NOT NULL,
    "orders" INTEGER NOT NULL,
    "prev_day" TEXT NOT NULL,
    "next_day" TEXT NOT NULL,

    PRIMARY KEY ("shop", "shopper", "day")
);

-- CreateTable
CREATE TABLE "customer_gains" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "lapsed_since" TEXT NOT NULL,
    "members" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "day", "lapsed_since")
);

-- CreateTable
CREATE TABLE "customer_lapses" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "members" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "day")
);

-- CreateIndex
CREATE INDEX "shopper_order_days_shop_member_day_prev_day_next_day_orders_idx" ON "shopper_order_days"("shop", "member", "day", "prev_day", "next_day", "orders");


-- Backfill from the orders already recorded: each shopper's counted orders per day, linked to the shopper's
-- previous and next day, then the gains and lapses the members' links give. The triggers come after it.
INSERT INTO "shopper_order_days" ("shop", "shopper", "day", "member", "orders", "prev_day", "next_day")
SELECT "shop", "shopper", "day", "member", "orders",
       COALESCE(LAG("day") OVER "shopper", ''), COALESCE(LEAD("day") OVER "shopper", '')
FROM (
    SELECT o."shop", CASE WHEN o."member_id" IS NOT NULL THEN 'member:' || o."member_id" WHEN o."customer_id" IS NOT NULL THEN 'customer:' || o."customer_id" WHEN o."email_key" IS NOT NULL THEN 'email:' || o."email_key" END AS "shopper", substr(o."paid_at", 1, 10) AS "day", o."member_id" IS NOT NULL AS "member", COUNT(*) AS "orders"
    FROM "orders" o
    WHERE o."paid_at" IS NOT NULL AND o."cancelled_at" IS NULL AND o."test" = 0
        AND (o."member_id" IS NOT NULL OR o."customer_id" IS NOT NULL OR o."email_key" IS NOT NULL)
    GROUP BY 1, 2, 3, 4
)
WINDOW "shopper" AS (PARTITION BY "shop", "shopper" ORDER BY "day");

INSERT INTO "customer_gains" ("shop", "day", "lapsed_since", "members")
SELECT "shop", date("day", '+1 day'), CASE WHEN "prev_day" = '' THEN '' ELSE date("prev_day", '+366 days') END, COUNT(*)
FROM "shopper_order_days"
WHERE "member" = 1 AND ("prev_day" = '' OR julianday("day") - julianday("prev_day") > 365)
GROUP BY 1, 2, 3;

INSERT INTO "customer_lapses" ("shop", "day", "members")
SELECT "shop", date("day", '+366 days'), COUNT(*)
FROM "shopper_order_days"
WHERE "member" = 1 AND ("next_day" = '' OR julianday("next_day") - julianday("day") > 365)
GROUP BY 1, 2;

-- SQLite has no procedures, so the two steps the triggers share are views whose INSTEAD OF trigger does the work
-- (PostgreSQL has a function for each): an order added to (+1) or taken from (-1) its shopper's day, and a pair of
-- neighbouring member days added to (+1) or taken out of (-1) the customer cover. Nothing is ever stored in them.
CREATE VIEW "shopper_order_day_changes" AS
    SELECT '' AS "shop", '' AS "shopper", '' AS "day", 0 AS "member", 0 AS "change" WHERE 0;

CREATE TRIGGER "shopper_order_day_change" INSTEAD OF INSERT ON "shopper_order_day_changes"
BEGIN
    INSERT INTO "shopper_order_days" ("shop", "shopper", "day", "member", "orders", "prev_day", "next_day")
    SELECT NEW."shop", NEW."shopper", NEW."day", NEW."member", 1,
           COALESCE((SELECT MAX(d."day") FROM "shopper_order_days" d WHERE d."shop" = NEW."shop" AND d."shopper" = NEW."shopper" AND d."day" < NEW."day"), ''),
           COALESCE((SELECT MIN(d."day") FROM "shopper_order_days" d WHERE d."shop" = NEW."shop" AND d."shopper" = NEW."shopper" AND d."day" > NEW."day"), '')
    WHERE NEW."change" = 1
    ON CONFLICT ("shop", "shopper", "day") DO UPDATE SET "orders" = "orders" + 1;
    UPDATE "shopper_order_days" SET "orders" = "orders" - 1
    WHERE NEW."change" = -1 AND "shop" = NEW."shop" AND "shopper" = NEW."shopper" AND "day" = NEW."day";
    DELETE FROM "shopper_order_days" WHERE "shop" = NEW."shop" AND "shopper" = NEW."shopper" AND "day" = NEW."day" AND "orders" = 0;
END;

-- What a pair of neighbouring member days gives (`earlier` is "" before the first, `later` "" after the last):
-- a gain the day after `later` when `earlier` is "" or more than 365 days before it, and a lapse 366 days after
-- `earlier` when `later` is "" or more than 365 days after it. A member's cover is the sum over their pairs.
CREATE VIEW "customer_cover_pairs" AS
    SELECT '' AS "shop", '' AS "earlier", '' AS "later", 0 AS "change" WHERE 0;

CREATE TRIGGER "customer_cover_pair" INSTEAD OF INSERT ON "customer_cover_pairs"
BEGIN
    INSERT INTO "customer_gains" ("shop", "day", "lapsed_since", "members")
    SELECT NEW."shop", date(NEW."later", '+1 day'), CASE WHEN NEW."earlier" = '' THEN '' ELSE date(NEW."earlier", '+366 days') END, NEW."change"
    WHERE NEW."later" <> '' AND (NEW."earlier" = '' OR julianday(NEW."later") - julianday(NEW."earlier") > 365)
    ON CONFLICT ("shop", "day", "lapsed_since") DO UPDATE SET "members" = "members" + excluded."members";
    INSERT INTO "customer_lapses" ("shop", "day", "members")
    SELECT NEW."shop", date(NEW."earlier", '+366 days'), NEW."change"
    WHERE NEW."earlier" <> '' AND (NEW."later" = '' OR julianday(NEW."later") - julianday(NEW."earlier") > 365)
    ON CONFLICT ("shop", "day") DO UPDATE SET "members" = "members" + excluded."members";
END;

-- An order's shopper day: the order's old contribution out, its new one in, only when what decides it changes
-- (shopper, day of payment, counted or not), so the refunds that update most orders cost nothing here.
CREATE TRIGGER "shopper_order_days_order_insert" AFTER INSERT ON "orders"
    WHEN NEW."paid_at" IS NOT NULL AND NEW."cancelled_at" IS NULL AND NEW."test" = 0
        AND (NEW."member_id" IS NOT NULL OR NEW."customer_id" IS NOT NULL OR NEW."email_key" IS NOT NULL)
BEGIN
    INSERT INTO "shopper_order_day_changes" ("shop", "shopper", "day", "member", "change")
    SELECT NEW."shop", CASE WHEN NEW."member_id" IS NOT NULL THEN 'member:' || NEW."member_id" WHEN NEW."customer_id" IS NOT NULL THEN 'customer:' || NEW."customer_id" WHEN NEW."email_key" IS NOT NULL THEN 'email:' || NEW."email_key" END, substr(NEW."paid_at", 1, 10), NEW."member_id" IS NOT NULL, 1
    WHERE NEW."paid_at" IS NOT NULL AND NEW."cancelled_at" IS NULL AND NEW."test" = 0
        AND (NEW."member_id" IS NOT NULL OR NEW."customer_id" IS NOT NULL OR NEW."email_key" IS NOT NULL);
END;

CREATE TRIGGER "shopper_order_days_order_update" AFTER UPDATE ON "orders"
    WHEN (CASE WHEN OLD."paid_at" IS NOT NULL AND OLD."cancelled_at" IS NULL AND OLD."test" = 0
        AND (OLD."member_id" IS NOT NULL OR OLD."customer_id" IS NOT NULL OR OLD."email_key" IS NOT NULL) THEN (CASE WHEN OLD."member_id" IS NOT NULL THEN 'member:' || OLD."member_id" WHEN OLD."customer_id" IS NOT NULL THEN 'customer:' || OLD."customer_id" WHEN OLD."email_key" IS NOT NULL THEN 'email:' || OLD."email_key" END) || ' ' || substr(OLD."paid_at", 1, 10) END) IS NOT (CASE WHEN NEW."paid_at" IS NOT NULL AND NEW."cancelled_at" IS NULL AND NEW."test" = 0
        AND (NEW."member_id" IS NOT NULL OR NEW."customer_id" IS NOT NULL OR NEW."email_key" IS NOT NULL) THEN (CASE WHEN NEW."member_id" IS NOT NULL THEN 'member:' || NEW."member_id" WHEN NEW."customer_id" IS NOT NULL THEN 'customer:' || NEW."customer_id" WHEN NEW."email_key" IS NOT NULL THEN 'email:' || NEW."email_key" END) || ' ' || substr(NEW."paid_at", 1, 10) END)
BEGIN
    INSERT INTO "shopper_order_day_changes" ("shop", "shopper", "day", "member", "change")
    SELECT OLD."shop", CASE WHEN OLD."member_id" IS NOT NULL THEN 'member:' || OLD."member_id" WHEN OLD."customer_id" IS NOT NULL THEN 'customer:' || OLD."customer_id" WHEN OLD."email_key" IS NOT NULL THEN 'email:' || OLD."email_key" END, substr(OLD."paid_at", 1, 10), OLD."member_id" IS NOT NULL, -1
    WHERE OLD."paid_at" IS NOT NULL AND OLD."cancelled_at" IS NULL AND OLD."test" = 0
        AND (OLD."member_id" IS NOT NULL OR OLD."customer_id" IS NOT NULL OR OLD."email_key" IS NOT NULL);
    INSERT INTO "shopper_order_day_changes" ("shop", "shopper", "day", "member", "change")
    SELECT NEW."shop", CASE WHEN NEW."member_id" IS NOT NULL THEN 'member:' || NEW."member_id" WHEN NEW."customer_id" IS NOT NULL THEN 'customer:' || NEW."customer_id" WHEN NEW."email_key" IS NOT NULL THEN 'email:' || NEW."email_key" END, substr(NEW."paid_at", 1, 10), NEW."member_id" IS NOT NULL, 1
    WHERE NEW."paid_at" IS NOT NULL AND NEW."cancelled_at" IS NULL AND NEW."test" = 0
        AND (NEW."member_id" IS NOT NULL OR NEW."customer_id" IS NOT NULL OR NEW."email_key" IS NOT NULL);
END;

CREATE TRIGGER "shopper_order_days_order_delete" AFTER DELETE ON "orders"
    WHEN OLD."paid_at" IS NOT NULL AND OLD."cancelled_at" IS NULL AND OLD."test" = 0
        AND (OLD."member_id" IS NOT NULL OR OLD."customer_id" IS NOT NULL OR OLD."email_key" IS NOT NULL)
BEGIN
    INSERT INTO "shopper_order_day_changes" ("shop", "shopper", "day", "member", "change")
    SELECT OLD."shop", CASE WHEN OLD."member_id" IS NOT NULL THEN 'member:' || OLD."member_id" WHEN OLD."customer_id" IS NOT NULL THEN 'customer:' || OLD."customer_id" WHEN OLD."email_key" IS NOT NULL THEN 'email:' || OLD."email_key" END, substr(OLD."paid_at", 1, 10), OLD."member_id" IS NOT NULL, -1
    WHERE OLD."paid_at" IS NOT NULL AND OLD."cancelled_at" IS NULL AND OLD."test" = 0
        AND (OLD."member_id" IS NOT NULL OR OLD."customer_id" IS NOT NULL OR OLD."email_key" IS NOT NULL);
END;

-- A shopper day added or removed: its neighbours are linked to it (or to each other again), and for a member the
-- gains and lapses move: adding a day between two neighbours replaces their pair with two; removing it, the reverse.
CREATE TRIGGER "shopper_order_days_added" AFTER INSERT ON "shopper_order_days"
BEGIN
    UPDATE "shopper_order_days" SET "next_day" = NEW."day" WHERE "shop" = NEW."shop" AND "shopper" = NEW."shopper" AND "day" = NEW."prev_day";
    UPDATE "shopper_order_days" SET "prev_day" = NEW."day" WHERE "shop" = NEW."shop" AND "shopper" = NEW."shopper" AND "day" = NEW."next_day";
    INSERT INTO "customer_cover_pairs" ("shop", "earlier", "later", "change")
    SELECT NEW."shop", p."earlier", p."later", p."change"
    FROM (SELECT NEW."prev_day" AS "earlier", NEW."next_day" AS "later", -1 AS "change"
          UNION ALL SELECT NEW."prev_day", NEW."day", 1
          UNION ALL SELECT NEW."day", NEW."next_day", 1) p
    WHERE NEW."member" = 1;
END;

CREATE TRIGGER "shopper_order_days_removed" AFTER DELETE ON "shopper_order_days"
BEGIN
    UPDATE "shopper_order_days" SET "next_day" = OLD."next_day" WHERE "shop" = OLD."shop" AND "shopper" = OLD."shopper" AND "day" = OLD."prev_day";
    UPDATE "shopper_order_days" SET "prev_day" = OLD."prev_day" WHERE "shop" = OLD."shop" AND "shopper" = OLD."shopper" AND "day" = OLD."next_day";
    INSERT INTO "customer_cover_pairs" ("shop", "earlier", "later", "change")
    SELECT OLD."shop", p."earlier", p."later", p."change"
    FROM (SELECT OLD."prev_day" AS "earlier", OLD."next_day" AS "later", 1 AS "change"
          UNION ALL SELECT OLD."prev_day", OLD."day", -1
          UNION ALL SELECT OLD."day", OLD."next_day", -1) p
    WHERE OLD."member" = 1;
END;
