-- The referral writer keeps referral_daily's referral side in the transaction of each referral write, and the
-- order writer its order side, both through app/loyalty/referrals/referral-rollups.server.ts, from the one
-- definition of a counted order (docs/decisions/033-settlement-on-the-driver.md). The triggers on referrals, the
-- last ones that wrote the counted-order rule again in SQL, go; the rows they kept stay as they are.
DROP TRIGGER "referral_daily_insert";
DROP TRIGGER "referral_daily_update";
DROP TRIGGER "referral_daily_delete";
