// Grants tiers' entry rewards from the loyalty event feed (docs/decisions/032-loyalty-event-feed.md): each
// `tier.changed` up into a tier with an entry reward becomes one TIER_ENTRY transfer and, when the tier gives a
// catalogue reward, one queued grant (issued by issue-tier-grants.server.ts outside this transaction: no Shopify
// call is made here), and the consumer's cursor moves past it, in one unit of work per turn. Reading the feed
// rather than hooking the tier's writers covers every way a tier moves (an order settled, a refund, a program
// saved, the daily tier check) with one rule (tier-entry.ts); the ledger key makes it once per member and tier
// whatever is read twice.
import type { TallyDatabase } from "~/db/database.server";
import { eventsAfter, moveCursor, readCursor } from "~/loyalty/events/event-feed-store.server";
import { consumeInTurns, type FeedConsumer } from "~/loyalty/events/publish-events.server";
import { findShop } from "~/loyalty/program/shop-store.server";
import { randomInt, randomUUID } from "node:crypto";
import { newRewardCode } from "~/loyalty/redemption/redeem-reward.server";
import { tierEntryReward } from "~/loyalty/redemption/rewards";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { tierEntryKey, tierEntryPoints, tierEntryRewardId } from "./tier-entry";
import { queueTierGrant } from "./tier-grant-store.server";
import { excludedMemberIds } from "~/loyalty/exclusion/excluded-members.server";
import { pausedAt } from "~/loyalty/program/program-pause";

interface TierChangeData {
  from: { key: string };
  to: { key: string };
}

export const grantTierEntryRewards: FeedConsumer = (db, shop) => consumeInTurns(db, (tx, limit) => grantEntryRewards(tx, shop, limit));

async function grantEntryRewards(tx: TallyDatabase, shop: string, limit: number): Promise<number> {
  const cursor = await readCursor(tx.prisma, shop, "tier-entry");
  const events = await eventsAfter(tx.prisma, shop, cursor?.seq ?? 0, limit);
  const last = events.at(-1);
  if (!last) return 0;
  const rules = (await findShop(tx.read, shop))?.rules;
  const tiers = rules?.tiers ?? [];
  const moved = events.filter((event) => event.type === "tier.changed").map((event) => event.memberId);
  const out = rules ? await excludedMemberIds(tx.read, moved, rules) : new Set<string>();
  for (const event of events) {
    // A redacted customer's events carry no data: nothing more is paid to an erased customer.
    if (event.type !== "tier.changed" || event.payload === null) continue;
    const { from, to } = JSON.parse(event.payload) as TierChangeData;
    const points = tierEntryPoints(from.key, to.key, tiers);
    const rewardId = tierEntryRewardId(from.key, to.key, tiers);
    // Out of the program when they moved up (excluded, or the program paused then): no entry reward, for good.
    if ((points === 0 && rewardId === null) || out.has(event.memberId) || (rules && pausedAt(rules, event.occurredAt))) continue;
    if (points > 0) {
      const outcome = await tx.ledger.recordTransfer({
        shop,
        memberId: event.memberId,
        code: "TIER_ENTRY",
        points,
        status: "posted",
        idempotencyKey: tierEntryKey(event.memberId, to.key),
        memo: to.key,
      });
      // A conflict: the member got this tier's reward before, under an earlier amount. Once is once.
      if (!outcome.ok && outcome.error !== "idempotency_conflict") throw new Error(`tier entry reward: ${outcome.message}`);
    }
    if (rewardId !== null && rules) await queueGrant(tx, shop, event.memberId, to.key, rules, rewardId, event.occurredAt);
  }
  await moveCursor(tx.prisma, shop, "tier-entry", { seq: last.seq });
  return events.length;
}

/** Queues the tier's catalogue reward for the member, once per member and tier (the table's unique key). */
async function queueGrant(tx: TallyDatabase, shop: string, memberId: string, tierKey: string, rules: ProgramRules, rewardId: string, at: Date): Promise<void> {
  const reward = tierEntryReward(rules, rewardId);
  if (!reward) return;
  await queueTierGrant(tx.sql, { id: randomUUID(), shop, memberId, tierKey, reward: JSON.stringify(reward), code: newRewardCode(randomInt, "TIER-"), now: at });
}
