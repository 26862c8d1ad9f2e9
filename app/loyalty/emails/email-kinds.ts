// The emails Tally sends to members and their friends (docs/emails.md), each one a switch for the merchant and,
// except the friend's invitation, for the member.

export const MEMBER_EMAIL_KINDS = ["points_earned", "within_reach", "points_expiring", "tier_reached", "referral_rewarded"] as const;
export type MemberEmailKind = (typeof MEMBER_EMAIL_KINDS)[number];

/** Every kind the merchant can switch off: the member emails and the invitation a member sends a friend. */
export const EMAIL_KINDS = [...MEMBER_EMAIL_KINDS, "friend_invite"] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

/** The languages emails are written in: the shopper's languages (app/shopper/shopper-locale.ts says the same). */
export const EMAIL_LOCALES = ["en", "fr", "de", "es"] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

/** A customer's locale as Shopify gives it ("fr", "fr-CA", "de-DE") in one of ours; null when we do not speak it. */
export function emailLocale(tag: string | null | undefined): EmailLocale | null {
  const language = (tag ?? "").trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return (EMAIL_LOCALES as readonly string[]).includes(language) ? (language as EmailLocale) : null;
}

/** What the outbox holds: the kinds above, and the merchant's own test send. */
export type OutboxKind = EmailKind | "test";

export function isEmailKind(value: string): value is EmailKind {
  return (EMAIL_KINDS as readonly string[]).includes(value);
}

export function isMemberEmailKind(value: string): value is MemberEmailKind {
  return (MEMBER_EMAIL_KINDS as readonly string[]).includes(value);
}

/**
 * The idempotency key of a queued email: unique per shop, from the business event behind it, so the same event
 * never queues a second email whatever re-reads or retries happen.
 */
export const emailKeys = {
  fromEvent: (kind: MemberEmailKind, eventId: string) => `${kind}:${eventId}`,
  withinReach: (memberId: string, rewardId: string, eventId: string) => `within_reach:${memberId}:${rewardId}:${eventId}`,
  expiring: (memberId: string, spellStart: Date) => `points_expiring:${memberId}:${spellStart.toISOString()}`,
  invite: (memberId: string, id: string) => `friend_invite:${memberId}:${id}`,
  test: (id: string) => `test:${id}`,
};
