-- AlterTable
ALTER TABLE "redemptions" ADD COLUMN     "credit_transaction_id" TEXT;

-- AlterTable
ALTER TABLE "tier_reward_grants" ADD COLUMN     "credit_transaction_id" TEXT;
