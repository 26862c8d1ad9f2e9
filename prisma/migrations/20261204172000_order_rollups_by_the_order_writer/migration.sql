-- The order writer keeps order_daily, the order side of referral_daily, shopper_order_days, customer_gains and
-- customer_lapses in the transaction of each order write (app/loyalty/earning/order-rollups.server.ts), from
-- the one definition of a counted order (docs/decisions/026-each-rule-defined-once.md). The triggers that kept
-- them go; the rows they kept, and the backfills of the migrations that created them, stay as they are. The
-- triggers on referrals (a referral's status and reason) stay.
DROP TRIGGER "order_daily_insert";
DROP TRIGGER "order_daily_update_old";
DROP TRIGGER "order_daily_update_new";
DROP TRIGGER "order_daily_delete";
DROP TRIGGER "referral_daily_order_insert";
DROP TRIGGER "referral_daily_order_update";
DROP TRIGGER "referral_daily_order_delete";
DROP TRIGGER "shopper_order_days_order_insert";
DROP TRIGGER "shopper_order_days_order_update";
DROP TRIGGER "shopper_order_days_order_delete";
DROP TRIGGER "shopper_order_days_added";
DROP TRIGGER "shopper_order_days_removed";
-- Their INSTEAD OF triggers go with them.
DROP VIEW "shopper_order_day_changes";
DROP VIEW "customer_cover_pairs";
