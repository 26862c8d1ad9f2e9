-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "shops" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "currency_code" TEXT NOT NULL,
    "program_rules" TEXT NOT NULL,
    "installed_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalled_at" DATETIME
);

-- CreateTable
CREATE TABLE "members" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "email" TEXT,
    "first_name" TEXT,
    "last_name" TEXT,
    "account_state" TEXT NOT NULL DEFAULT 'disabled',
    "redacted_at" DATETIME,
    "tier" TEXT NOT NULL,
    "tier_spend" INTEGER NOT NULL DEFAULT 0,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "balances" (
    "member_id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "posted" INTEGER NOT NULL DEFAULT 0,
    "pending_credit" INTEGER NOT NULL DEFAULT 0,
    "pending_debit" INTEGER NOT NULL DEFAULT 0,
    "available" INTEGER NOT NULL DEFAULT 0,
    "lifetime_earned" INTEGER NOT NULL DEFAULT 0,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "balances_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "transfers" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "member_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "pending_id" TEXT,
    "reverses_id" TEXT,
    "order_id" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "memo" TEXT,
    "actor" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    CONSTRAINT "transfers_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ledger_redactions" (
    "shop" TEXT NOT NULL PRIMARY KEY
);

-- CreateTable
CREATE TABLE "data_requests" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "export" TEXT NOT NULL,
    "requested_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "members_shop_email_idx" ON "members"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "members_shop_customer_id_key" ON "members"("shop", "customer_id");

-- CreateIndex
CREATE INDEX "balances_shop_available_idx" ON "balances"("shop", "available");

-- CreateIndex
CREATE UNIQUE INDEX "transfers_pending_id_key" ON "transfers"("pending_id");

-- CreateIndex
CREATE INDEX "transfers_member_id_created_at_idx" ON "transfers"("member_id", "created_at");

-- CreateIndex
CREATE INDEX "transfers_shop_order_id_idx" ON "transfers"("shop", "order_id");

-- CreateIndex
CREATE INDEX "transfers_reverses_id_idx" ON "transfers"("reverses_id");

-- CreateIndex
CREATE UNIQUE INDEX "transfers_shop_idempotency_key_key" ON "transfers"("shop", "idempotency_key");

-- CreateIndex
CREATE INDEX "data_requests_shop_requested_at_idx" ON "data_requests"("shop", "requested_at");

-- The ledger is append-only: corrections are new transfers, never edits (docs/decisions/001-ledger-model.md).
-- The one exception is erasing a whole shop (shop/redact), allowed only for a shop listed in ledger_redactions,
-- which the redaction lists and unlists inside its own transaction. Added by hand: Prisma cannot model triggers.
CREATE TRIGGER "transfers_no_update" BEFORE UPDATE ON "transfers"
BEGIN
    SELECT RAISE(ABORT, 'transfers are append-only: UPDATE is not allowed');
END;

CREATE TRIGGER "transfers_no_delete" BEFORE DELETE ON "transfers"
    WHEN NOT EXISTS (SELECT 1 FROM "ledger_redactions" WHERE "shop" = OLD."shop")
BEGIN
    SELECT RAISE(ABORT, 'transfers are append-only: DELETE is not allowed');
END;
