-- The referral writer keeps referral_daily's referral side in the transaction of each referral write, and the
-- order writer its order side, both through app/loyalty/referrals/referral-rollups.server.ts, from the one
-- definition of a counted order (docs/decisions/033-settlement-on-the-driver.md). The trigger on referrals and
-- its function, the last ones that wrote the counted-order rule again in SQL, go; the rows they kept stay.
DROP TRIGGER "referral_daily_referrals" ON "referrals";
DROP FUNCTION "referral_daily_from_referral"();
