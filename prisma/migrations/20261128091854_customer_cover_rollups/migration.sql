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

-- An order's shopper day: the order's old contribution out, its new one in, only when what decides it changes
-- (shopper, day of payment, counted or not), so the refunds that update most orders cost nothing here.
CREATE TRIGGER "shopper_order_days_order_insert" AFTER INSERT ON "orders"
    WHEN NEW."paid_at" IS NOT NULL AND NEW."cancelled_at" IS NULL AND NEW."test" = 0
        AND (NEW."member_id" IS NOT NULL OR NEW."customer_id" IS NOT NULL OR NEW."email_key" IS NOT NULL)
BEGIN
    INSERT INTO "shopper_order_days" ("shop", "shopper", "day", "member", "orders", "prev_day", "next_day")
    SELECT NEW."shop", CASE WHEN NEW."member_id" IS NOT NULL THEN 'member:' || NEW."member_id" WHEN NEW."customer_id" IS NOT NULL THEN 'customer:' || NEW."customer_id" WHEN NEW."email_key" IS NOT NULL THEN 'email:' || NEW."email_key" END, substr(NEW."paid_at", 1, 10), NEW."member_id" IS NOT NULL, 1,
           COALESCE((SELECT MAX(d."day") FROM "shopper_order_days" d WHERE d."shop" = NEW."shop" AND d."shopper" = (CASE WHEN NEW."member_id" IS NOT NULL THEN 'member:' || NEW."member_id" WHEN NEW."customer_id" IS NOT NULL THEN 'customer:' || NEW."customer_id" WHEN NEW."email_key" IS NOT NULL THEN 'email:' || NEW."email_key" END) AND d."day" < substr(NEW."paid_at", 1, 10)), ''),
           COALESCE((SELECT MIN(d."day") FROM "shopper_order_days" d WHERE d."shop" = NEW."shop" AND d."shopper" = (CASE WHEN NEW."member_id" IS NOT NULL THEN 'member:' || NEW."member_id" WHEN NEW."customer_id" IS NOT NULL THEN 'customer:' || NEW."customer_id" WHEN NEW."email_key" IS NOT NULL THEN 'email:' || NEW."email_key" END) AND d."day" > substr(NEW."paid_at", 1, 10)), '')
    WHERE NEW."paid_at" IS NOT NULL AND NEW."cancelled_at" IS NULL AND NEW."test" = 0
        AND (NEW."member_id" IS NOT NULL OR NEW."customer_id" IS NOT NULL OR NEW."email_key" IS NOT NULL)
    ON CONFLICT ("shop", "shopper", "day") DO UPDATE SET "orders" = "orders" + 1;
END;

CREATE TRIGGER "shopper_order_days_order_update" AFTER UPDATE ON "orders"
    WHEN (CASE WHEN OLD."paid_at" IS NOT NULL AND OLD."cancelled_at" IS NULL AND OLD."test" = 0
        AND (OLD."member_id" IS NOT NULL OR OLD."customer_id" IS NOT NULL OR OLD."email_key" IS NOT NULL) THEN (CASE WHEN OLD."member_id" IS NOT NULL THEN 'member:' || OLD."member_id" WHEN OLD."customer_id" IS NOT NULL THEN 'customer:' || OLD."customer_id" WHEN OLD."email_key" IS NOT NULL THEN 'email:' || OLD."email_key" END) || ' ' || substr(OLD."paid_at", 1, 10) END) IS NOT (CASE WHEN NEW."paid_at" IS NOT NULL AND NEW."cancelled_at" IS NULL AND NEW."test" = 0
        AND (NEW."member_id" IS NOT NULL OR NEW."customer_id" IS NOT NULL OR NEW."email_key" IS NOT NULL) THEN (CASE WHEN NEW."member_id" IS NOT NULL THEN 'member:' || NEW."member_id" WHEN NEW."customer_id" IS NOT NULL THEN 'customer:' || NEW."customer_id" WHEN NEW."email_key" IS NOT NULL THEN 'email:' || NEW."email_key" END) || ' ' || substr(NEW."paid_at", 1, 10) END)
BEGIN
    UPDATE "shopper_order_days" SET "orders" = "orders" - 1
    WHERE "shop" = OLD."shop" AND "shopper" = (CASE WHEN OLD."member_id" IS NOT NULL THEN 'member:' || OLD."member_id" WHEN OLD."customer_id" IS NOT NULL THEN 'customer:' || OLD."customer_id" WHEN OLD."email_key" IS NOT NULL THEN 'email:' || OLD."email_key" END) AND "day" = substr(OLD."paid_at", 1, 10) AND OLD."cancelled_at" IS NULL AND OLD."test" = 0;
    DELETE FROM "shopper_order_days" WHERE "shop" = OLD."shop" AND "shopper" = (CASE WHEN OLD."member_id" IS NOT NULL THEN 'member:' || OLD."member_id" WHEN OLD."customer_id" IS NOT NULL THEN 'customer:' || OLD."customer_id" WHEN OLD."email_key" IS NOT NULL THEN 'email:' || OLD."email_key" END) AND "day" = substr(OLD."paid_at", 1, 10) AND "orders" = 0;
    INSERT INTO "shopper_order_days" ("shop", "shopper", "day", "member", "orders", "prev_day", "next_day")
    SELECT NEW."shop", CASE WHEN NEW."member_id" IS NOT NULL THEN 'member:' || NEW."member_id" WHEN NEW."customer_id" IS NOT NULL THEN 'customer:' || NEW."customer_id" WHEN NEW."email_key" IS NOT NULL THEN 'email:' || NEW."email_key" END, substr(NEW."paid_at", 1, 10), NEW."member_id" IS NOT NULL, 1,
           COALESCE((SELECT MAX(d."day") FROM "shopper_order_days" d WHERE d."shop" = NEW."shop" AND d."shopper" = (CASE WHEN NEW."member_id" IS NOT NULL THEN 'member:' || NEW."member_id" WHEN NEW."customer_id" IS NOT NULL THEN 'customer:' || NEW."customer_id" WHEN NEW."email_key" IS NOT NULL THEN 'email:' || NEW."email_key" END) AND d."day" < substr(NEW."paid_at", 1, 10)), ''),
           COALESCE((SELECT MIN(d."day") FROM "shopper_order_days" d WHERE d."shop" = NEW."shop" AND d."shopper" = (CASE WHEN NEW."member_id" IS NOT NULL THEN 'member:' || NEW."member_id" WHEN NEW."customer_id" IS NOT NULL THEN 'customer:' || NEW."customer_id" WHEN NEW."email_key" IS NOT NULL THEN 'email:' || NEW."email_key" END) AND d."day" > substr(NEW."paid_at", 1, 10)), '')
    WHERE NEW."paid_at" IS NOT NULL AND NEW."cancelled_at" IS NULL AND NEW."test" = 0
        AND (NEW."member_id" IS NOT NULL OR NEW."customer_id" IS NOT NULL OR NEW."email_key" IS NOT NULL)
    ON CONFLICT ("shop", "shopper", "day") DO UPDATE SET "orders" = "orders" + 1;
END;

CREATE TRIGGER "shopper_order_days_order_delete" AFTER DELETE ON "orders"
    WHEN OLD."paid_at" IS NOT NULL AND OLD."cancelled_at" IS NULL AND OLD."test" = 0
        AND (OLD."member_id" IS NOT NULL OR OLD."customer_id" IS NOT NULL OR OLD."email_key" IS NOT NULL)
BEGIN
    UPDATE "shopper_order_days" SET "orders" = "orders" - 1
    WHERE "shop" = OLD."shop" AND "shopper" = (CASE WHEN OLD."member_id" IS NOT NULL THEN 'member:' || OLD."member_id" WHEN OLD."customer_id" IS NOT NULL THEN 'customer:' || OLD."customer_id" WHEN OLD."email_key" IS NOT NULL THEN 'email:' || OLD."email_key" END) AND "day" = substr(OLD."paid_at", 1, 10) AND OLD."cancelled_at" IS NULL AND OLD."test" = 0;
    DELETE FROM "shopper_order_days" WHERE "shop" = OLD."shop" AND "shopper" = (CASE WHEN OLD."member_id" IS NOT NULL THEN 'member:' || OLD."member_id" WHEN OLD."customer_id" IS NOT NULL THEN 'customer:' || OLD."customer_id" WHEN OLD."email_key" IS NOT NULL THEN 'email:' || OLD."email_key" END) AND "day" = substr(OLD."paid_at", 1, 10) AND "orders" = 0;
END;

-- A shopper day added or removed: its neighbours are linked to it, or to each other again.
CREATE TRIGGER "shopper_order_days_linked" AFTER INSERT ON "shopper_order_days"
BEGIN
    UPDATE "shopper_order_days" SET "next_day" = NEW."day" WHERE "shop" = NEW."shop" AND "shopper" = NEW."shopper" AND "day" = NEW."prev_day";
    UPDATE "shopper_order_days" SET "prev_day" = NEW."day" WHERE "shop" = NEW."shop" AND "shopper" = NEW."shopper" AND "day" = NEW."next_day";
END;

CREATE TRIGGER "shopper_order_days_unlinked" AFTER DELETE ON "shopper_order_days"
BEGIN
    UPDATE "shopper_order_days" SET "next_day" = OLD."next_day" WHERE "shop" = OLD."shop" AND "shopper" = OLD."shopper" AND "day" = OLD."prev_day";
    UPDATE "shopper_order_days" SET "prev_day" = OLD."prev_day" WHERE "shop" = OLD."shop" AND "shopper" = OLD."shopper" AND "day" = OLD."next_day";
END;

-- A member day added or removed moves the gains and lapses. A member's cover is the sum, over each pair of
-- neighbouring days (with "" before the first and after the last), of what the pair gives: a gain the day after
-- the later day when the earlier is "" or more than 365 days before it, and a lapse 366 days after the earlier
-- day when the later is "" or more than 365 days after it. Adding a day between two neighbours replaces their
-- pair with two; removing it, the reverse.
CREATE TRIGGER "customer_cover_day_added" AFTER INSERT ON "shopper_order_days"
    WHEN NEW."member" = 1
BEGIN
    INSERT INTO "customer_gains" ("shop", "day", "lapsed_since", "members")
    SELECT NEW."shop", date(NEW."next_day", '+1 day'), CASE WHEN NEW."prev_day" = '' THEN '' ELSE date(NEW."prev_day", '+366 days') END, -1
    WHERE NEW."next_day" <> '' AND (NEW."prev_day" = '' OR julianday(NEW."next_day") - julianday(NEW."prev_day") > 365)
    ON CONFLICT ("shop", "day", "lapsed_since") DO UPDATE SET "members" = "members" + excluded."members";
    INSERT INTO "customer_lapses" ("shop", "day", "members")
    SELECT NEW."shop", date(NEW."prev_day", '+366 days'), -1
    WHERE NEW."prev_day" <> '' AND (NEW."next_day" = '' OR julianday(NEW."next_day") - julianday(NEW."prev_day") > 365)
    ON CONFLICT ("shop", "day") DO UPDATE SET "members" = "members" + excluded."members";
    INSERT INTO "customer_gains" ("shop", "day", "lapsed_since", "members")
    SELECT NEW."shop", date(NEW."day", '+1 day'), CASE WHEN NEW."prev_day" = '' THEN '' ELSE date(NEW."prev_day", '+366 days') END, 1
    WHERE NEW."day" <> '' AND (NEW."prev_day" = '' OR julianday(NEW."day") - julianday(NEW."prev_day") > 365)
    ON CONFLICT ("shop", "day", "lapsed_since") DO UPDATE SET "members" = "members" + excluded."members";
    INSERT INTO "customer_lapses" ("shop", "day", "members")
    SELECT NEW."shop", date(NEW."prev_day", '+366 days'), 1
    WHERE NEW."prev_day" <> '' AND (NEW."day" = '' OR julianday(NEW."day") - julianday(NEW."prev_day") > 365)
    ON CONFLICT ("shop", "day") DO UPDATE SET "members" = "members" + excluded."members";
    INSERT INTO "customer_gains" ("shop", "day", "lapsed_since", "members")
    SELECT NEW."shop", date(NEW."next_day", '+1 day'), CASE WHEN NEW."day" = '' THEN '' ELSE date(NEW."day", '+366 days') END, 1
    WHERE NEW."next_day" <> '' AND (NEW."day" = '' OR julianday(NEW."next_day") - julianday(NEW."day") > 365)
    ON CONFLICT ("shop", "day", "lapsed_since") DO UPDATE SET "members" = "members" + excluded."members";
    INSERT INTO "customer_lapses" ("shop", "day", "members")
    SELECT NEW."shop", date(NEW."day", '+366 days'), 1
    WHERE NEW."day" <> '' AND (NEW."next_day" = '' OR julianday(NEW."next_day") - julianday(NEW."day") > 365)
    ON CONFLICT ("shop", "day") DO UPDATE SET "members" = "members" + excluded."members";
END;

CREATE TRIGGER "customer_cover_day_removed" AFTER DELETE ON "shopper_order_days"
    WHEN OLD."member" = 1
BEGIN
    INSERT INTO "customer_gains" ("shop", "day", "lapsed_since", "members")
    SELECT OLD."shop", date(OLD."next_day", '+1 day'), CASE WHEN OLD."prev_day" = '' THEN '' ELSE date(OLD."prev_day", '+366 days') END, 1
    WHERE OLD."next_day" <> '' AND (OLD."prev_day" = '' OR julianday(OLD."next_day") - julianday(OLD."prev_day") > 365)
    ON CONFLICT ("shop", "day", "lapsed_since") DO UPDATE SET "members" = "members" + excluded."members";
    INSERT INTO "customer_lapses" ("shop", "day", "members")
    SELECT OLD."shop", date(OLD."prev_day", '+366 days'), 1
    WHERE OLD."prev_day" <> '' AND (OLD."next_day" = '' OR julianday(OLD."next_day") - julianday(OLD."prev_day") > 365)
    ON CONFLICT ("shop", "day") DO UPDATE SET "members" = "members" + excluded."members";
    INSERT INTO "customer_gains" ("shop", "day", "lapsed_since", "members")
    SELECT OLD."shop", date(OLD."day", '+1 day'), CASE WHEN OLD."prev_day" = '' THEN '' ELSE date(OLD."prev_day", '+366 days') END, -1
    WHERE OLD."day" <> '' AND (OLD."prev_day" = '' OR julianday(OLD."day") - julianday(OLD."prev_day") > 365)
    ON CONFLICT ("shop", "day", "lapsed_since") DO UPDATE SET "members" = "members" + excluded."members";
    INSERT INTO "customer_lapses" ("shop", "day", "members")
    SELECT OLD."shop", date(OLD."prev_day", '+366 days'), -1
    WHERE OLD."prev_day" <> '' AND (OLD."day" = '' OR julianday(OLD."day") - julianday(OLD."prev_day") > 365)
    ON CONFLICT ("shop", "day") DO UPDATE SET "members" = "members" + excluded."members";
    INSERT INTO "customer_gains" ("shop", "day", "lapsed_since", "members")
    SELECT OLD."shop", date(OLD."next_day", '+1 day'), CASE WHEN OLD."day" = '' THEN '' ELSE date(OLD."day", '+366 days') END, -1
    WHERE OLD."next_day" <> '' AND (OLD."day" = '' OR julianday(OLD."next_day") - julianday(OLD."day") > 365)
    ON CONFLICT ("shop", "day", "lapsed_since") DO UPDATE SET "members" = "members" + excluded."members";
    INSERT INTO "customer_lapses" ("shop", "day", "members")
    SELECT OLD."shop", date(OLD."day", '+366 days'), -1
    WHERE OLD."day" <> '' AND (OLD."next_day" = '' OR julianday(OLD."next_day") - julianday(OLD."day") > 365)
    ON CONFLICT ("shop", "day") DO UPDATE SET "members" = "members" + excluded."members";
END;
