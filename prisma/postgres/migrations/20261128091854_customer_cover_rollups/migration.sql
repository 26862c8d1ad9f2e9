-- CreateTable
CREATE TABLE "shopper_order_days" (
    "shop" TEXT NOT NULL,
    "shopper" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "member" BOOLEAN NOT NULL,
    "orders" INTEGER NOT NULL,
    "prev_day" TEXT NOT NULL,
    "next_day" TEXT NOT NULL,

    CONSTRAINT "shopper_order_days_pkey" PRIMARY KEY ("shop","shopper","day")
);

-- CreateTable
CREATE TABLE "customer_gains" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "lapsed_since" TEXT NOT NULL,
    "members" INTEGER NOT NULL,

    CONSTRAINT "customer_gains_pkey" PRIMARY KEY ("shop","day","lapsed_since")
);

-- CreateTable
CREATE TABLE "customer_lapses" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "members" INTEGER NOT NULL,

    CONSTRAINT "customer_lapses_pkey" PRIMARY KEY ("shop","day")
);

-- CreateIndex
CREATE INDEX "shopper_order_days_shop_member_day_prev_day_next_day_orders_idx" ON "shopper_order_days"("shop", "member", "day", "prev_day", "next_day", "orders");

-- Backfill from the orders already recorded: each shopper's counted orders per day, linked to the shopper's
-- previous and next day, then the gains and lapses the members' links give. The triggers come after it.
INSERT INTO "shopper_order_days" ("shop", "shopper", "day", "member", "orders", "prev_day", "next_day")
SELECT "shop", "shopper", "day", "member", "orders",
       COALESCE(LAG("day") OVER "shopper", ''), COALESCE(LEAD("day") OVER "shopper", '')
FROM (
    SELECT o."shop", CASE WHEN o."member_id" IS NOT NULL THEN 'member:' || o."member_id" WHEN o."customer_id" IS NOT NULL THEN 'customer:' || o."customer_id" WHEN o."email_key" IS NOT NULL THEN 'email:' || o."email_key" END AS "shopper", to_char(o."paid_at", 'YYYY-MM-DD') AS "day", o."member_id" IS NOT NULL AS "member", COUNT(*) AS "orders"
    FROM "orders" o
    WHERE o."paid_at" IS NOT NULL AND o."cancelled_at" IS NULL AND NOT o."test" AND (o."member_id" IS NOT NULL OR o."customer_id" IS NOT NULL OR o."email_key" IS NOT NULL)
    GROUP BY 1, 2, 3, 4
) AS "days"
WINDOW "shopper" AS (PARTITION BY "shop", "shopper" ORDER BY "day");

INSERT INTO "customer_gains" ("shop", "day", "lapsed_since", "members")
SELECT "shop", to_char("day"::date + 1, 'YYYY-MM-DD'), CASE WHEN "prev_day" = '' THEN '' ELSE to_char("prev_day"::date + 366, 'YYYY-MM-DD') END, COUNT(*)
FROM "shopper_order_days"
WHERE "member" AND ("prev_day" = '' OR "day"::date - "prev_day"::date > 365)
GROUP BY 1, 2, 3;

INSERT INTO "customer_lapses" ("shop", "day", "members")
SELECT "shop", to_char("day"::date + 366, 'YYYY-MM-DD'), COUNT(*)
FROM "shopper_order_days"
WHERE "member" AND ("next_day" = '' OR "next_day"::date - "day"::date > 365)
GROUP BY 1, 2;

-- What a pair of neighbouring member days gives (`earlier` is "" before the first, `later` "" after the last):
-- a gain the day after `later` when `earlier` is "" or more than 365 days before it, and a lapse 366 days after
-- `earlier` when `later` is "" or more than 365 days after it; `change` is +1 to add the pair, -1 to take it out.
-- A member's cover is the sum of what each pair of neighbouring days gives.
CREATE FUNCTION "customer_cover_pair"("shop_domain" TEXT, "earlier" TEXT, "later" TEXT, "change" INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF "later" <> '' AND ("earlier" = '' OR "later"::date - "earlier"::date > 365) THEN
        INSERT INTO "customer_gains" AS g ("shop", "day", "lapsed_since", "members")
        VALUES ("shop_domain", to_char("later"::date + 1, 'YYYY-MM-DD'),
                CASE WHEN "earlier" = '' THEN '' ELSE to_char("earlier"::date + 366, 'YYYY-MM-DD') END, "change")
        ON CONFLICT ("shop", "day", "lapsed_since") DO UPDATE SET "members" = g."members" + excluded."members";
    END IF;
    IF "earlier" <> '' AND ("later" = '' OR "later"::date - "earlier"::date > 365) THEN
        INSERT INTO "customer_lapses" AS l ("shop", "day", "members")
        VALUES ("shop_domain", to_char("earlier"::date + 366, 'YYYY-MM-DD'), "change")
        ON CONFLICT ("shop", "day") DO UPDATE SET "members" = l."members" + excluded."members";
    END IF;
END
$$;

-- An order's shopper day: the order's old contribution out, its new one in, only when what decides it changes
-- (shopper, day of payment, counted or not), so the refunds that update most orders cost nothing here. The
-- shopper's lock keeps two transactions from linking days of one shopper at once: each would miss the other's.
CREATE FUNCTION "shopper_order_days_from_order"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    "old_shopper" TEXT;
    "old_day" TEXT;
    "new_shopper" TEXT;
    "new_day" TEXT;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF OLD."paid_at" IS NOT NULL AND OLD."cancelled_at" IS NULL AND NOT OLD."test" AND (OLD."member_id" IS NOT NULL OR OLD."customer_id" IS NOT NULL OR OLD."email_key" IS NOT NULL) THEN
            "old_shopper" := CASE WHEN OLD."member_id" IS NOT NULL THEN 'member:' || OLD."member_id" WHEN OLD."customer_id" IS NOT NULL THEN 'customer:' || OLD."customer_id" WHEN OLD."email_key" IS NOT NULL THEN 'email:' || OLD."email_key" END;
            "old_day" := to_char(OLD."paid_at", 'YYYY-MM-DD');
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NEW."paid_at" IS NOT NULL AND NEW."cancelled_at" IS NULL AND NOT NEW."test" AND (NEW."member_id" IS NOT NULL OR NEW."customer_id" IS NOT NULL OR NEW."email_key" IS NOT NULL) THEN
            "new_shopper" := CASE WHEN NEW."member_id" IS NOT NULL THEN 'member:' || NEW."member_id" WHEN NEW."customer_id" IS NOT NULL THEN 'customer:' || NEW."customer_id" WHEN NEW."email_key" IS NOT NULL THEN 'email:' || NEW."email_key" END;
            "new_day" := to_char(NEW."paid_at", 'YYYY-MM-DD');
        END IF;
    END IF;
    IF "old_shopper" IS NOT DISTINCT FROM "new_shopper" AND "old_day" IS NOT DISTINCT FROM "new_day" THEN
        RETURN NULL;
    END IF;
    IF "old_shopper" IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext(OLD."shop" || ' ' || "old_shopper"));
        UPDATE "shopper_order_days" SET "orders" = "orders" - 1
        WHERE "shop" = OLD."shop" AND "shopper" = "old_shopper" AND "day" = "old_day";
        DELETE FROM "shopper_order_days"
        WHERE "shop" = OLD."shop" AND "shopper" = "old_shopper" AND "day" = "old_day" AND "orders" = 0;
    END IF;
    IF "new_shopper" IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext(NEW."shop" || ' ' || "new_shopper"));
        INSERT INTO "shopper_order_days" AS d ("shop", "shopper", "day", "member", "orders", "prev_day", "next_day")
        VALUES (NEW."shop", "new_shopper", "new_day", NEW."member_id" IS NOT NULL, 1,
                COALESCE((SELECT MAX(s."day") FROM "shopper_order_days" s WHERE s."shop" = NEW."shop" AND s."shopper" = "new_shopper" AND s."day" < "new_day"), ''),
                COALESCE((SELECT MIN(s."day") FROM "shopper_order_days" s WHERE s."shop" = NEW."shop" AND s."shopper" = "new_shopper" AND s."day" > "new_day"), ''))
        ON CONFLICT ("shop", "shopper", "day") DO UPDATE SET "orders" = d."orders" + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "shopper_order_days_orders" AFTER INSERT OR UPDATE OR DELETE ON "orders"
    FOR EACH ROW EXECUTE FUNCTION "shopper_order_days_from_order"();

-- A shopper day added or removed: its neighbours are linked to it (or to each other again), and for a member the
-- gains and lapses move: adding a day between two neighbours replaces their pair with two; removing it, the
-- reverse.
CREATE FUNCTION "shopper_order_days_link"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE "shopper_order_days" SET "next_day" = NEW."day" WHERE "shop" = NEW."shop" AND "shopper" = NEW."shopper" AND "day" = NEW."prev_day";
        UPDATE "shopper_order_days" SET "prev_day" = NEW."day" WHERE "shop" = NEW."shop" AND "shopper" = NEW."shopper" AND "day" = NEW."next_day";
        IF NEW."member" THEN
            PERFORM "customer_cover_pair"(NEW."shop", NEW."prev_day", NEW."next_day", -1);
            PERFORM "customer_cover_pair"(NEW."shop", NEW."prev_day", NEW."day", 1);
            PERFORM "customer_cover_pair"(NEW."shop", NEW."day", NEW."next_day", 1);
        END IF;
    ELSE
        UPDATE "shopper_order_days" SET "next_day" = OLD."next_day" WHERE "shop" = OLD."shop" AND "shopper" = OLD."shopper" AND "day" = OLD."prev_day";
        UPDATE "shopper_order_days" SET "prev_day" = OLD."prev_day" WHERE "shop" = OLD."shop" AND "shopper" = OLD."shopper" AND "day" = OLD."next_day";
        IF OLD."member" THEN
            PERFORM "customer_cover_pair"(OLD."shop", OLD."prev_day", OLD."next_day", 1);
            PERFORM "customer_cover_pair"(OLD."shop", OLD."prev_day", OLD."day", -1);
            PERFORM "customer_cover_pair"(OLD."shop", OLD."day", OLD."next_day", -1);
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "shopper_order_days_links" AFTER INSERT OR DELETE ON "shopper_order_days"
    FOR EACH ROW EXECUTE FUNCTION "shopper_order_days_link"();
