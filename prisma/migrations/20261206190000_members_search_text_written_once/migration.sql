-- members.search_text (20261128075918_admin_speed) is now written by the settlement's own insert
-- (app/loyalty/members/member-store.server.ts, upsertMemberNow), and the triggers write it only when a write left it
-- other than it should be: an insert that did not set it (Prisma, imports, seeds) or a change of name or email.
-- Each UPDATE of theirs wrote the member's row and its search index entry a second time (a new member's insert is
-- one of the settlement thread's costliest statements: docs/performance.md, "Commit `bdf6476`"), and a profile
-- update that kept the name and email fired it for nothing. PostgreSQL's trigger sets the value before the row is
-- written, so it needs no change.
DROP TRIGGER "members_search_text_insert";

CREATE TRIGGER "members_search_text_insert" AFTER INSERT ON "members"
WHEN NEW."search_text" IS NOT (LOWER(COALESCE(NEW."first_name", '') || ' ' || COALESCE(NEW."last_name", '')) || char(10) || LOWER(COALESCE(NEW."email", '')))
BEGIN
    UPDATE "members" SET "search_text" = LOWER(COALESCE(NEW."first_name", '') || ' ' || COALESCE(NEW."last_name", '')) || char(10) || LOWER(COALESCE(NEW."email", ''))
    WHERE "id" = NEW."id";
END;

DROP TRIGGER "members_search_text_update";

CREATE TRIGGER "members_search_text_update" AFTER UPDATE OF "first_name", "last_name", "email" ON "members"
WHEN NEW."search_text" IS NOT (LOWER(COALESCE(NEW."first_name", '') || ' ' || COALESCE(NEW."last_name", '')) || char(10) || LOWER(COALESCE(NEW."email", '')))
BEGIN
    UPDATE "members" SET "search_text" = LOWER(COALESCE(NEW."first_name", '') || ' ' || COALESCE(NEW."last_name", '')) || char(10) || LOWER(COALESCE(NEW."email", ''))
    WHERE "id" = NEW."id";
END;
