-- The order writer keeps order_daily, the order side of referral_daily, shopper_order_days, customer_gains and
-- customer_lapses in the transaction of each order write (app/loyalty/earning/order-rollups.server.ts), from
-- the one definition of a counted order (docs/decisions/026-each-rule-defined-once.md). The triggers and
-- functions that kept them go; the rows they kept, and the backfills of the migrations that created them, stay
-- as they are. The trigger on referrals (a referral's status and reason) stays.
DROP TRIGGER "order_daily_sums" ON "orders";
DROP FUNCTION "order_daily_apply"();
DROP TRIGGER "referral_daily_orders" ON "orders";
DROP FUNCTION "referral_daily_from_order"();
DROP TRIGGER "shopper_order_days_orders" ON "orders";
DROP FUNCTION "shopper_order_days_from_order"();
DROP TRIGGER "shopper_order_days_links" ON "shopper_order_days";
DROP FUNCTION "shopper_order_days_link"();
DROP FUNCTION "customer_cover_pair"(TEXT, TEXT, TEXT, INTEGER);
