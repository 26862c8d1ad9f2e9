-- AlterTable
ALTER TABLE "members" ADD COLUMN     "search_text" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "members_shop_search_text_id_idx" ON "members"("shop", "search_text", "id");

-- CreateIndex
CREATE INDEX "members_shop_tier_spend_idx" ON "members"("shop", "tier_spend");

-- CreateIndex
CREATE INDEX "referrals_shop_created_at_idx" ON "referrals"("shop", "created_at");

-- CreateIndex
CREATE INDEX "referrals_shop_status_created_at_idx" ON "referrals"("shop", "status", "created_at");

-- CreateIndex
CREATE INDEX "referrals_shop_friend_customer_id_idx" ON "referrals"("shop", "friend_customer_id");

-- members.search_text: "first last", a line break, then the email, all lowered by the database, so the members
-- search matches one narrow indexed column and never LOWER()s 100,000 rows per request. Kept by a trigger on every
-- write path (the app, imports, redaction, seeds). Added by hand: Prisma cannot model triggers.
UPDATE "members" SET "search_text" = LOWER(COALESCE("first_name", '') || ' ' || COALESCE("last_name", '')) || chr(10) || LOWER(COALESCE("email", ''));

CREATE FUNCTION "members_search_text"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW."search_text" := LOWER(COALESCE(NEW."first_name", '') || ' ' || COALESCE(NEW."last_name", '')) || chr(10) || LOWER(COALESCE(NEW."email", ''));
    RETURN NEW;
END
$$;

CREATE TRIGGER "members_search_text" BEFORE INSERT OR UPDATE OF "first_name", "last_name", "email", "search_text" ON "members"
FOR EACH ROW EXECUTE FUNCTION "members_search_text"();
