// The loyalty events Tally tells others about, their stable ids and their data, derived from committed rows
// (docs/outgoing-webhooks.md shows the JSON; docs/decisions/032-loyalty-event-feed.md says how they are found).
import { applyTransfer, availablePoints, ZERO_BALANCES, type Balances } from "~/loyalty/ledger/balances";
import type { TransferCode } from "~/loyalty/ledger/transfer-codes";
import type { TransferStatus } from "~/loyalty/ledger/transfers";

export const EVENT_TYPES = ["points.changed", "tier.changed", "reward.redeemed", "referral.rewarded", "points.expiring"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** What an event needs of a transfer (a row of `transfers`). */
export interface TransferFacts {
  id: string;
  memberId: string;
  code: TransferCode;
  points: number;
  status: TransferStatus;
  pendingId: string | null;
  orderId: string | null;
  createdAt: Date;
}

export interface BalanceAfter {
  available: number;
  posted: number;
  pendingCredit: number;
  pendingDebit: number;
  lifetimeEarned: number;
}

/** An event as the feed stores it: `data` is null when the customer was redacted (nothing about them goes out). */
export interface LoyaltyEventDraft {
  id: string;
  type: EventType;
  memberId: string;
  occurredAt: Date;
  data: Record<string, unknown> | null;
}

export const eventIds = {
  pointsChanged: (transferId: string) => `points.changed:${transferId}`,
  referralRewarded: (transferId: string) => `referral.rewarded:${transferId}`,
  rewardRedeemed: (redemptionId: string) => `reward.redeemed:${redemptionId}`,
  tierChanged: (memberId: string, change: number) => `tier.changed:${memberId}:${change}`,
  /** One per quiet spell: a member active again, then quiet again, is told again (app/loyalty/expiry/expiry-notice.ts). */
  pointsExpiring: (memberId: string, spellStart: Date) => `points.expiring:${memberId}:${spellStart.toISOString()}`,
};

/** Codes whose posted points are a referral reward: the advocate's reward and the milestone bonus. */
const REFERRAL_CODES: ReadonlySet<string> = new Set<TransferCode>(["REFERRAL_ADVOCATE", "MILESTONE_BONUS"]);

function toBalanceAfter(balances: Balances): BalanceAfter {
  return { available: availablePoints(balances), ...balances };
}

/**
 * Each transfer's member balance right after it: the member's transfers applied in ledger order (time, then id)
 * up to and including it. `history` is every transfer of the members concerned, in that order.
 */
export function balancesAfter(history: readonly TransferFacts[]): Map<string, BalanceAfter> {
  const running = new Map<string, Balances>();
  const after = new Map<string, BalanceAfter>();
  for (const transfer of history) {
    const next = applyTransfer(running.get(transfer.memberId) ?? ZERO_BALANCES, transfer);
    running.set(transfer.memberId, next);
    after.set(transfer.id, toBalanceAfter(next));
  }
  return after;
}

/** The member as events name them; null once customers/redact erased them. */
export interface EventMember {
  id: string;
  customerId: string;
  redacted: boolean;
}

function memberData(member: EventMember): Record<string, unknown> | null {
  return member.redacted ? null : { memberId: member.id, customerId: member.customerId };
}

/** The events one transfer makes: always "points changed", and "referral rewarded" when it posts a referral reward. */
export function transferEvents(transfer: TransferFacts, member: EventMember, balanceAfter: BalanceAfter): LoyaltyEventDraft[] {
  const who = memberData(member);
  const events: LoyaltyEventDraft[] = [
    {
      id: eventIds.pointsChanged(transfer.id),
      type: "points.changed",
      memberId: member.id,
      occurredAt: transfer.createdAt,
      data: who && {
        ...who,
        transferId: transfer.id,
        code: transfer.code,
        points: transfer.points,
        status: transfer.status,
        orderId: transfer.orderId,
        balanceAfter,
      },
    },
  ];
  if (REFERRAL_CODES.has(transfer.code) && transfer.status === "posted") {
    events.push({
      id: eventIds.referralRewarded(transfer.id),
      type: "referral.rewarded",
      memberId: member.id,
      occurredAt: transfer.createdAt,
      data: who && { ...who, transferId: transfer.id, code: transfer.code, points: transfer.points, orderId: transfer.orderId },
    });
  }
  return events;
}

export interface TierRef {
  key: string;
  name: string;
}

/**
 * A member's tier compared with the last one the feed published for them. `published` null: the feed has not
 * seen the member before, who then held the entry tier (every member is created in it).
 */
export function tierChange(input: {
  member: EventMember;
  tier: TierRef;
  published: { tier: TierRef; changes: number } | null;
  entryTier: TierRef;
  at: Date;
}): LoyaltyEventDraft | null {
  const from = input.published?.tier ?? input.entryTier;
  if (from.key === input.tier.key) return null;
  const who = memberData(input.member);
  return {
    id: eventIds.tierChanged(input.member.id, (input.published?.changes ?? 0) + 1),
    type: "tier.changed",
    memberId: input.member.id,
    occurredAt: input.at,
    data: who && { ...who, from, to: input.tier },
  };
}

export interface RedemptionFacts {
  id: string;
  memberId: string;
  code: string;
  points: number;
  reward: unknown;
  expiresAt: Date;
  createdAt: Date;
}

/** "Reward redeemed": a reward code issued to the member, with the reward and the points it cost. */
export function redemptionEvent(redemption: RedemptionFacts, member: EventMember): LoyaltyEventDraft {
  const who = memberData(member);
  return {
    id: eventIds.rewardRedeemed(redemption.id),
    type: "reward.redeemed",
    memberId: member.id,
    occurredAt: redemption.createdAt,
    data: who && {
      ...who,
      redemptionId: redemption.id,
      discountCode: redemption.code,
      points: redemption.points,
      reward: redemption.reward,
      expiresAt: redemption.expiresAt.toISOString(),
    },
  };
}

/** "Points expiring": the member's points expire at `expiresAt` unless they are active before (expiry-notice.ts). */
export function expiringEvent(notice: { spellStart: Date; expiresAt: Date; points: number }, member: EventMember, at: Date): LoyaltyEventDraft {
  const who = memberData(member);
  return {
    id: eventIds.pointsExpiring(member.id, notice.spellStart),
    type: "points.expiring",
    memberId: member.id,
    occurredAt: at,
    data: who && { ...who, points: notice.points, expiresAt: notice.expiresAt.toISOString() },
  };
}
