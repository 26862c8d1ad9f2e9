// The feed's consumer for member emails (docs/decisions/037-member-emails.md): under the feed's lock, in one unit
// of work per turn, each new event becomes the emails it calls for — points earned on a posted purchase, a reward
// come within reach, a tier reached, a referral reward — queued once per event, and the consumer's cursor moves
// past it. Sending happens later, in its own job step (send-emails.server.ts).
import type { Prisma, TallyDatabase } from "~/db/database.server";
import { eventsAfter, moveCursor, readCursor, type FeedEvent } from "~/loyalty/events/event-feed-store.server";
import { consumeInTurns, type FeedConsumer } from "~/loyalty/events/publish-events.server";
import { parseProgramRules, type ProgramRules } from "~/loyalty/program/program-rules";
import { openToTier, rewardCatalogue, type Reward } from "~/loyalty/redemption/rewards";
import { emailKeys, emailLocale, type EmailLocale } from "./email-kinds";
import { kindEnabled, type EmailSettings } from "./email-settings";
import { queueEmails, readEmailSettings, type EmailDraft } from "./email-store.server";
import { rewardComingWithinReach } from "./within-reach";

/**
 * An event older than this when the consumer first reads it is history, not news: the first look at a shop whose
 * feed ran before emails existed, or a feed that was stopped for days, sends nothing about it.
 */
export const STALE_MS = 24 * 60 * 60_000;

interface EventData {
  code?: string;
  points?: number;
  status?: string;
  orderId?: string | null;
  balanceAfter?: { available?: number };
  from?: { key: string; name: string };
  to?: { key: string; name: string };
}

interface Recipient {
  locale: EmailLocale;
  /** The tier the member holds: a tier-only reward of another tier is never "within reach". */
  tier: string;
}

function tierRank(rules: ProgramRules, key: string): number {
  return rules.tiers.findIndex((tier) => tier.key === key);
}

function emailsFor(event: FeedEvent, data: EventData, member: Recipient, settings: EmailSettings, rules: ProgramRules, rewards: readonly Reward[]): EmailDraft[] {
  const base = { memberId: event.memberId, locale: member.locale };
  const drafts: EmailDraft[] = [];
  if (event.type === "points.changed" && data.status === "posted" && typeof data.points === "number" && data.points > 0) {
    const available = data.balanceAfter?.available ?? 0;
    // A purchase's points once they post: at payment, or at the end of the pending window (the posting row
    // carries the PURCHASE code); pending points are not news yet.
    if (data.code === "PURCHASE" && kindEnabled(settings, "points_earned")) {
      drafts.push({ ...base, kind: "points_earned", key: emailKeys.fromEvent("points_earned", event.id), data: { points: data.points, balance: available, orderId: data.orderId ?? null } });
    }
    const reward = kindEnabled(settings, "within_reach") ? rewardComingWithinReach(rewards.filter((reward) => openToTier(reward, member.tier)), available - data.points, available, settings.withinReachPoints) : null;
    if (reward) {
      drafts.push({
        ...base,
        kind: "within_reach",
        key: emailKeys.withinReach(event.memberId, reward.id, event.id),
        data: { reward, short: reward.points - available, balance: available },
      });
    }
  }
  if (event.type === "tier.changed" && data.from && data.to && kindEnabled(settings, "tier_reached")) {
    // "Tier reached" is news going up; a member who drops a tier is not emailed about it.
    if (tierRank(rules, data.to.key) > tierRank(rules, data.from.key)) {
      const tier = rules.tiers.find((candidate) => candidate.key === data.to?.key);
      drafts.push({ ...base, kind: "tier_reached", key: emailKeys.fromEvent("tier_reached", event.id), data: { tier: data.to, multiplierPercent: tier?.multiplierPercent ?? 100 } });
    }
  }
  if (event.type === "referral.rewarded" && typeof data.points === "number" && data.points > 0 && kindEnabled(settings, "referral_rewarded")) {
    drafts.push({ ...base, kind: "referral_rewarded", key: emailKeys.fromEvent("referral_rewarded", event.id), data: { points: data.points, code: data.code ?? null } });
  }
  return drafts;
}

async function recipients(prisma: Prisma, ids: readonly string[], fallback: EmailLocale): Promise<Map<string, Recipient>> {
  const rows = await prisma.member.findMany({ where: { id: { in: [...ids] }, redactedAt: null }, select: { id: true, locale: true, tier: true } });
  return new Map(rows.map((row) => [row.id, { locale: emailLocale(row.locale) ?? fallback, tier: row.tier }]));
}

export const queueEmailsFromFeed: FeedConsumer = (db, shop, now) => consumeInTurns(db, (tx, limit) => queueFeedEmails(tx, shop, now, limit));

async function queueFeedEmails(tx: TallyDatabase, shop: string, now: Date, limit: number): Promise<number> {
  const prisma = tx.prisma;
  const cursor = await readCursor(prisma, shop, "emails");
  const events = await eventsAfter(prisma, shop, cursor?.seq ?? 0, limit);
  const last = events.at(-1);
  if (!last) return 0;
  const settings = await readEmailSettings(prisma, shop);
  const rules = parseProgramRules((await prisma.shop.findUniqueOrThrow({ where: { domain: shop }, select: { programRules: true } })).programRules);
  const rewards = rewardCatalogue(rules, 0);
  // A redacted member's events carry no data, and their member row no longer reads as a recipient.
  const news = events.filter((event) => event.payload !== null && now.getTime() - event.occurredAt.getTime() <= STALE_MS);
  const who = await recipients(prisma, [...new Set(news.map((event) => event.memberId))], settings.fallbackLocale);
  const drafts = news.flatMap((event) => {
    const member = who.get(event.memberId);
    return member ? emailsFor(event, JSON.parse(event.payload as string) as EventData, member, settings, rules, rewards) : [];
  });
  await queueEmails(prisma, shop, drafts, now);
  await moveCursor(prisma, shop, "emails", { seq: last.seq });
  return events.length;
}
