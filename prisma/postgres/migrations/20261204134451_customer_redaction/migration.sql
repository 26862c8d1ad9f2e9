-- AlterTable
ALTER TABLE "webhook_deliveries" ALTER COLUMN "payload" DROP NOT NULL;

-- CreateTable
CREATE TABLE "redacted_customers" (
    "shop" TEXT NOT NULL,
    "customer_key" TEXT NOT NULL,
    "redacted_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "redacted_customers_pkey" PRIMARY KEY ("shop","customer_key")
);

-- Added by hand. Applied deliveries keep no payload from now on (docs/privacy.md); those applied before go too.
UPDATE "webhook_deliveries" SET "payload" = NULL WHERE "status" = 'done';

-- The sign-up bonus's ledger key named the Shopify customer ("customer:<id>:signup"); it names the member now, so
-- the ledger holds no customer id (docs/decisions/019-customer-redaction.md). The append-only trigger is lifted for
-- this one rewrite of keys, inside the migration's transaction; points, codes and statuses are untouched.
ALTER TABLE "transfers" DISABLE TRIGGER "transfers_no_update_or_delete";
UPDATE "transfers" SET "idempotency_key" = 'member:' || "member_id" || ':signup'
    WHERE "code" = 'SIGNUP_BONUS' AND "idempotency_key" LIKE 'customer:%:signup';
ALTER TABLE "transfers" ENABLE TRIGGER "transfers_no_update_or_delete";

-- Members redacted before kept the address key the referral checks compare.
UPDATE "members" SET "address_key" = NULL WHERE "redacted_at" IS NOT NULL;
