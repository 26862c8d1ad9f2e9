// The one writer of member_emails, email_settings and email_opt_outs (app/db/table-owners.mjs): the shop's email
// settings, the durable queue of emails (unique per shop and key: an event never queues a second email), and the
// members' unsubscribes (docs/decisions/037-member-emails.md).
import { randomUUID } from "node:crypto";
import type { Prisma, ReadOnlyPrisma } from "~/db/database.server";
import { isUniqueViolation } from "~/db/prisma-errors";
import type { EmailKind, EmailLocale, MemberEmailKind, OutboxKind } from "./email-kinds";
import { DEFAULT_EMAIL_SETTINGS, parseDisabledKinds, type EmailSettings, type SmtpSecurity } from "./email-settings";
import { RETRY_FOR_MS } from "./email-retry";

export async function readEmailSettings(prisma: ReadOnlyPrisma, shop: string): Promise<EmailSettings> {
  const row = await prisma.emailSettings.findUnique({ where: { shop } });
  if (!row) return DEFAULT_EMAIL_SETTINGS;
  return {
    disabled: parseDisabledKinds(row.disabledKinds),
    brandColor: row.brandColor,
    fallbackLocale: row.fallbackLocale as EmailLocale,
    withinReachPoints: row.withinReachPoints,
    expiryNoticeDays: row.expiryNoticeDays,
    smtp:
      row.smtpHost && row.smtpPort && row.fromAddress
        ? { host: row.smtpHost, port: row.smtpPort, security: row.smtpSecurity as SmtpSecurity, user: row.smtpUser, sealedPassword: row.smtpPassword, fromAddress: row.fromAddress }
        : null,
  };
}

export interface EmailSettingsRow {
  disabled: EmailKind[];
  brandColor: string | null;
  fallbackLocale: EmailLocale;
  withinReachPoints: number;
  expiryNoticeDays: number;
  smtpHost: string | null;
  smtpPort: number | null;
  smtpSecurity: SmtpSecurity;
  smtpUser: string | null;
  /** Sealed; undefined keeps the stored one. */
  smtpPassword?: string | null;
  fromAddress: string | null;
}

export async function writeEmailSettings(prisma: Prisma, shop: string, row: EmailSettingsRow, now: Date): Promise<void> {
  const { disabled, ...fields } = row;
  const data = { ...fields, disabledKinds: JSON.stringify(disabled), updatedAt: now };
  await prisma.emailSettings.upsert({ where: { shop }, create: { shop, ...data, smtpPassword: row.smtpPassword ?? null }, update: data });
}

export interface EmailDraft {
  kind: OutboxKind;
  key: string;
  memberId: string | null;
  /** Only for an address that is not a member's (a friend's invitation, a test send); erased once it went. */
  toAddress?: string | null;
  locale: EmailLocale;
  data: Record<string, unknown>;
}

function emailRow(shop: string, draft: EmailDraft, now: Date, status: "pending" | "held") {
  return {
    id: randomUUID(),
    shop,
    kind: draft.kind,
    key: draft.key,
    memberId: draft.memberId,
    toAddress: draft.toAddress ?? null,
    locale: draft.locale,
    data: JSON.stringify(draft.data),
    status,
    attempts: 0,
    nextAttemptAt: now,
    giveUpAt: new Date(now.getTime() + RETRY_FOR_MS),
    createdAt: now,
  };
}

/**
 * Queues the drafts whose keys the shop has not queued before. The feed's consumer calls it under the shop's
 * feed lock (one writer of these keys at a time), so the check and the insert cannot race.
 */
export async function queueEmails(prisma: Prisma, shop: string, drafts: readonly EmailDraft[], now: Date): Promise<number> {
  if (drafts.length === 0) return 0;
  const known = await prisma.memberEmail.findMany({ where: { shop, key: { in: drafts.map((draft) => draft.key) } }, select: { key: true } });
  const seen = new Set(known.map((row) => row.key));
  const fresh: EmailDraft[] = [];
  for (const draft of drafts) {
    if (seen.has(draft.key)) continue;
    seen.add(draft.key);
    fresh.push(draft);
  }
  if (fresh.length === 0) return 0;
  await prisma.memberEmail.createMany({ data: fresh.map((draft) => emailRow(shop, draft, now, "pending")) });
  return fresh.length;
}

/** One email, outside any unit of work: false when its key was queued already (by another run, or earlier). */
export async function queueEmail(prisma: Prisma, shop: string, draft: EmailDraft, now: Date, status: "pending" | "held" = "pending"): Promise<boolean> {
  try {
    await prisma.memberEmail.create({ data: emailRow(shop, draft, now, status) });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** How long an attempt is its sender's (a connection times out within 30 s) before another sender may take it over. */
export const EMAIL_LEASE_MS = 2 * 60_000;

export interface ClaimedEmail {
  id: string;
  shop: string;
  kind: OutboxKind;
  memberId: string | null;
  toAddress: string | null;
  locale: EmailLocale;
  data: string;
  attempts: number;
  giveUpAt: Date;
  /** When it was due before this claim: where it goes back to should its sender not try it. */
  dueAt: Date;
}

/**
 * Takes due emails, each by a conditional update, so two senders never hold one email at once; none of the shops
 * in `exceptShops` (their SMTP server was found down in this run).
 */
export async function claimDueEmails(prisma: Prisma, now: Date, limit: number, exceptShops: readonly string[] = []): Promise<ClaimedEmail[]> {
  const due = await prisma.memberEmail.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, ...(exceptShops.length > 0 ? { shop: { notIn: [...exceptShops] } } : {}) },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: limit,
  });
  const claimed: ClaimedEmail[] = [];
  for (const row of due) {
    const { count } = await prisma.memberEmail.updateMany({
      where: { id: row.id, status: "pending", nextAttemptAt: row.nextAttemptAt },
      data: { nextAttemptAt: new Date(now.getTime() + EMAIL_LEASE_MS), attempts: { increment: 1 } },
    });
    if (count === 1) {
      claimed.push({ ...row, kind: row.kind as OutboxKind, locale: row.locale as EmailLocale, attempts: row.attempts + 1, dueAt: row.nextAttemptAt });
    }
  }
  return claimed;
}

/**
 * Claimed emails their sender did not try: because their shop's SMTP server was down a moment before
 * (app/operations/send-lanes.ts), or because half the claim's lease had passed (`error` null,
 * app/operations/job-share.server.ts). They go back in the queue as they were before the claim; past their last
 * try, those the far side stopped fail for good with the server's failure, as their own try would have. An email
 * another sender has claimed since (its lease ended) is left to it.
 */
export async function putBackUntriedEmails(prisma: Prisma, untried: readonly ClaimedEmail[], now: Date, error: string | null): Promise<void> {
  for (const email of untried) {
    const failing = error !== null && email.giveUpAt <= now ? error : null;
    await prisma.memberEmail.updateMany({
      where: { id: email.id, status: "pending", attempts: email.attempts },
      data: failing !== null ? { status: "failed", lastError: failing.slice(0, 500), toAddress: null, attempts: email.attempts - 1 } : { nextAttemptAt: email.dueAt, attempts: email.attempts - 1 },
    });
  }
}

/** Sent: the address it went to is not kept. */
export async function markEmailSent(prisma: Prisma, id: string, now: Date): Promise<void> {
  await prisma.memberEmail.update({ where: { id }, data: { status: "sent", sentAt: now, lastError: null, toAddress: null } });
}

/** The outbox mode (the demo): rendered on the Emails page instead of sent. */
export async function markEmailHeld(prisma: Prisma, id: string, now: Date): Promise<void> {
  await prisma.memberEmail.update({ where: { id }, data: { status: "held", sentAt: now, lastError: null, toAddress: null } });
}

/** Another attempt at `next`, or failed for good when `next` is null (and then the address goes). */
export async function markEmailAttemptFailed(prisma: Prisma, id: string, error: string, next: Date | null): Promise<void> {
  await prisma.memberEmail.update({
    where: { id },
    data: next ? { lastError: error.slice(0, 500), nextAttemptAt: next } : { status: "failed", lastError: error.slice(0, 500), toAddress: null },
  });
}

export async function markEmailSkipped(prisma: Prisma, id: string, reason: string): Promise<void> {
  await prisma.memberEmail.update({ where: { id }, data: { status: "skipped", lastError: reason, toAddress: null } });
}

/** Invitations the member sent since `since` (the rate limit counts them whatever became of them). */
export async function countInvitesSince(prisma: ReadOnlyPrisma, shop: string, memberId: string, since: Date): Promise<number> {
  return prisma.memberEmail.count({ where: { shop, memberId, kind: "friend_invite", createdAt: { gte: since } } });
}

export async function recordOptOut(prisma: Prisma, shop: string, memberId: string, kind: MemberEmailKind, now: Date): Promise<void> {
  await prisma.emailOptOut.upsert({ where: { memberId_kind: { memberId, kind } }, create: { memberId, shop, kind, createdAt: now }, update: {} });
}

export async function hasOptedOut(prisma: ReadOnlyPrisma, memberId: string, kind: MemberEmailKind): Promise<boolean> {
  return (await prisma.emailOptOut.count({ where: { memberId, kind } })) > 0;
}

/**
 * customers/redact: every email about or from the member (sent or not) and their unsubscribes go, and any email
 * still waiting for their address (a friend's invitation to them) with it.
 */
export async function eraseCustomerEmails(prisma: Prisma, shop: string, memberId: string | null, email: string | null): Promise<number> {
  const { count } = await prisma.memberEmail.deleteMany({
    where: { shop, OR: [...(memberId ? [{ memberId }] : []), ...(email ? [{ toAddress: email }] : [])] },
  });
  if (memberId) await prisma.emailOptOut.deleteMany({ where: { memberId } });
  return count;
}

/** shop/redact: the shop's settings, emails and unsubscribes. */
export async function eraseShopEmails(prisma: Prisma, shop: string): Promise<number> {
  const { count } = await prisma.memberEmail.deleteMany({ where: { shop } });
  await prisma.emailOptOut.deleteMany({ where: { shop } });
  await prisma.emailSettings.deleteMany({ where: { shop } });
  return count;
}
