// Issues the catalogue rewards queued for members who moved up into a tier (tier-entry-rewards.server.ts queues
// them in the feed consumer's unit of work; docs/decisions/050-tier-entry-rewards-and-grace.md). Each is asked of
// Shopify here, outside any database transaction, as a redeemed reward is (redeem-reward.server.ts), but costing no
// points: nothing is held, so a refusal gives nothing back and loses nothing; the grant is tried again later. A
// grant has one code from the moment it is queued: a retry first looks that code up, so a code Shopify made while
// its answer was lost is adopted rather than made twice. A store credit has no code: a retry first looks for a credit
// of the grant's amount made since it was queued (docs/decisions/070-a-lost-store-credit-answer-is-looked-up.md).
import type { TallyDatabase } from "~/db/database.server";
import type { ReportJobFailure } from "~/loyalty/job-failures";
import { rewardDiscountInput, type CodeReward } from "~/loyalty/redemption/discount-inputs";
import { createDiscount, DiscountCreationError, findDiscountByCode, type AdminFor } from "~/loyalty/redemption/reward-discounts.server";
import { findRewardVariant } from "~/loyalty/redemption/reward-products.server";
import { codeLifetimeHoursOf, type Reward } from "~/loyalty/redemption/rewards";
import { claimedStoreCredits } from "~/loyalty/redemption/redemption-store.server";
import { creditStoreCredit, findLostStoreCredit, StoreCreditRefusedError, StoreCreditUnansweredError } from "~/loyalty/redemption/store-credit.server";
import { log } from "~/operations/logger.server";
import { findShop } from "~/loyalty/program/shop-store.server";
import { claimTierGrant, completeTierGrant, dueTierGrants, retryTierGrant, type GrantOutcome } from "./tier-grant-store.server";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** Grants tried per run. */
const BATCH = 100;
/** How long one attempt may take before another runner may try the grant again. */
const LEASE_MS = 5 * MINUTE_MS;
/** Retries wait 5 minutes, then twice as long each time, at most 6 hours. */
export function nextAttemptDelayMs(attempts: number): number {
  return Math.min(5 * MINUTE_MS * 2 ** Math.max(0, attempts - 1), 6 * HOUR_MS);
}

export interface TierGrantRun {
  issued: number;
  failed: number;
}

type Grant = Awaited<ReturnType<typeof dueTierGrants>>[number];

export async function issueDueTierGrants(db: TallyDatabase, now: Date, adminFor: AdminFor, report: ReportJobFailure): Promise<TierGrantRun> {
  const run: TierGrantRun = { issued: 0, failed: 0 };
  for (const grant of await dueTierGrants(db.read, now, BATCH)) {
    const reward = JSON.parse(grant.reward) as Reward;
    const expiresAt = reward.kind === "store_credit" ? null : (grant.expiresAt ?? new Date(now.getTime() + codeLifetimeHoursOf(reward) * HOUR_MS));
    if (!(await claimTierGrant(db.prisma, grant, now, new Date(now.getTime() + LEASE_MS), grant.expiresAt ? null : expiresAt))) continue;
    try {
      const outcome = await issue(db, adminFor, grant, reward, now, expiresAt);
      await completeTierGrant(db.prisma, grant.id, outcome, new Date());
      run.issued += 1;
    } catch (error) {
      run.failed += 1;
      const retryAt = new Date(now.getTime() + nextAttemptDelayMs(grant.attempts + 1));
      await retryTierGrant(db.prisma, grant.id, (error as Error).message, retryAt, new Date());
      // Shopify refusing or out of reach is expected now and then, and retried: a warning. Anything else is a failure.
      if (error instanceof DiscountCreationError || error instanceof StoreCreditRefusedError || error instanceof StoreCreditUnansweredError) {
        log().warn({ shop: grant.shop, grant: grant.id, retryAt, err: error }, "a tier's entry reward was not issued; it is tried again later");
      } else {
        report({ job: "tier entry rewards", shop: grant.shop, item: `tier grant ${grant.id}` }, error);
      }
    }
  }
  return run;
}

async function issue(db: TallyDatabase, adminFor: AdminFor, grant: Grant, reward: Reward, now: Date, expiresAt: Date | null): Promise<GrantOutcome> {
  const shop = await findShop(db.read, grant.shop);
  const member = await db.read.member.findUnique({ where: { id: grant.memberId }, select: { customerId: true } });
  if (!shop || !member) throw new Error("the shop or the member is gone");
  if (reward.kind === "store_credit") {
    const credit = { shop: shop.domain, customerId: member.customerId, amountMinor: reward.amountMinor, currencyCode: shop.currencyCode };
    // A credit an earlier attempt made while its answer was lost: the grant's own, adopted.
    if (grant.attempts > 0) {
      const claimed = await claimedStoreCredits(db.read, grant.memberId);
      const found = await findLostStoreCredit(adminFor, { ...credit, askedAt: grant.createdAt, claimed }).catch((error: unknown) => {
        // Shopify out of reach: nothing is credited blindly, and the grant waits like any unanswered attempt.
        throw new StoreCreditUnansweredError(`Shopify could not be asked whether it made the grant's store credit: ${(error as Error).message}`, { cause: error });
      });
      if (found) return { status: "credited", creditTransactionId: found };
    }
    return { status: "credited", creditTransactionId: await creditStoreCredit(adminFor, credit) };
  }
  if (!expiresAt) throw new Error("a code without an end");
  // A code made on an earlier attempt whose answer was lost: the grant's own code, adopted.
  if (grant.attempts > 0) {
    const existing = await findDiscountByCode(adminFor, shop.domain, grant.code);
    if (existing) return { status: "issued", discountId: existing.id };
  }
  let priced: CodeReward = reward;
  if (reward.kind === "free_product") {
    const variant = await findRewardVariant(adminFor, shop.domain, shop.currencyCode, reward.variantId);
    if (!variant) throw new Error(`the variant ${reward.variantId} is gone`);
    priced = { ...reward, amountMinor: variant.priceMinor };
  }
  const input = rewardDiscountInput({ code: grant.code, reward: priced, customerId: member.customerId, currencyCode: shop.currencyCode, startsAt: now, expiresAt });
  return { status: "issued", discountId: await createDiscount(adminFor, shop.domain, grant.code, input) };
}
