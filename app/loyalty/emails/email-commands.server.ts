// What the merchant and members do with emails: staff save the settings (the password sealed, never shown back)
// and send a test; a member unsubscribes with the link's token; a member invites a friend from the widget's refer
// box. Each is checked first and writes nothing when refused.
import { randomUUID } from "node:crypto";
import type { TallyDatabase } from "~/db/database.server";
import { recordAuditEvent } from "~/loyalty/audit/audit-log.server";
import type { StaffMember } from "~/loyalty/audit/staff-member";
import { normalizeEmail } from "~/loyalty/referrals/referral-identity";
import { emailKeys, emailLocale, type EmailLocale, type MemberEmailKind } from "./email-kinds";
import { kindEnabled } from "./email-settings";
import { countInvitesSince, queueEmail, readEmailSettings, recordOptOut, writeEmailSettings, type EmailSettingsRow } from "./email-store.server";
import { sendTestEmailNow, type EmailSending } from "./send-emails.server";
import { sealSmtpPassword } from "./smtp-password";
import { readUnsubscribeToken } from "./unsubscribe-token";

export type EmailSettingsInput = Omit<EmailSettingsRow, "smtpPassword"> & {
  /** A new password; empty keeps the stored one. */
  smtpPassword: string;
  /** Forget the stored password (a server without login). */
  clearPassword: boolean;
};

export async function saveEmailSettings(db: TallyDatabase, input: { shop: string; staff: StaffMember; settings: EmailSettingsInput; appSecret: string; now: Date }): Promise<void> {
  const { smtpPassword, clearPassword, ...fields } = input.settings;
  const password = smtpPassword !== "" ? sealSmtpPassword(input.appSecret, smtpPassword) : clearPassword ? null : undefined;
  await db.transaction(async (tx) => {
    await writeEmailSettings(tx.prisma, input.shop, { ...fields, smtpPassword: password }, input.now);
    await recordAuditEvent(tx, {
      shop: input.shop,
      staff: input.staff,
      action: "email_settings.updated",
      subjectId: null,
      // What changed, never the password itself.
      details: { ...fields, smtpPassword: password === undefined ? "kept" : password === null ? "removed" : "changed" },
      at: input.now,
    });
  });
}

/** The test send: right away over SMTP, or onto the Emails page in the outbox mode. */
export async function sendTestEmail(
  db: TallyDatabase,
  input: { shop: string; to: string; locale: EmailLocale; sending: EmailSending; now: Date },
): Promise<{ ok: true; held: boolean } | { ok: false; error: string }> {
  if (input.sending.outbox) {
    await queueEmail(db.prisma, input.shop, { kind: "test", key: emailKeys.test(randomUUID()), memberId: null, locale: input.locale, data: { to: input.to } }, input.now, "held");
    return { ok: true, held: true };
  }
  const outcome = await sendTestEmailNow(db, input, input.sending);
  return outcome.ok ? { ok: true, held: false } : outcome;
}

export async function unsubscribe(db: TallyDatabase, input: { token: string; appSecret: string; now: Date }): Promise<{ ok: true; shop: string; kind: MemberEmailKind } | { ok: false }> {
  const target = readUnsubscribeToken(input.appSecret, input.token);
  if (!target) return { ok: false };
  const member = await db.read.member.findUnique({ where: { id: target.memberId }, select: { shop: true } });
  // A member erased since (or of another shop) has nothing left to unsubscribe: Tally sends them nothing.
  if (member?.shop === target.shop) await recordOptOut(db.prisma, target.shop, target.memberId, target.kind, input.now);
  return { ok: true, shop: target.shop, kind: target.kind };
}

/** Invitations one member may send per day: enough to share with friends, too few to spam with. */
export const INVITES_PER_DAY = 5;
const DAY_MS = 24 * 60 * 60_000;

export type InviteOutcome = { ok: true } | { ok: false; error: "not_member" | "switched_off" | "invalid_email" | "own_email" | "too_many" };

export async function inviteFriend(
  db: TallyDatabase,
  input: { shop: string; customerId: string; friendEmail: string; locale: string; now: Date },
): Promise<InviteOutcome> {
  const friend = input.friendEmail.trim();
  const friendKey = normalizeEmail(friend);
  if (!friendKey || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(friend) || friend.length > 254) return { ok: false, error: "invalid_email" };
  const member = await db.read.member.findUnique({
    where: { shop_customerId: { shop: input.shop, customerId: input.customerId } },
    select: { id: true, email: true, redactedAt: true, referralCode: true },
  });
  if (!member || member.redactedAt || !member.referralCode) return { ok: false, error: "not_member" };
  const settings = await readEmailSettings(db.read, input.shop);
  if (!kindEnabled(settings, "friend_invite")) return { ok: false, error: "switched_off" };
  if (normalizeEmail(member.email) === friendKey) return { ok: false, error: "own_email" };
  return db.withLock(`member-invites:${member.id}`, async () => {
    if ((await countInvitesSince(db.read, input.shop, member.id, new Date(input.now.getTime() - DAY_MS))) >= INVITES_PER_DAY) return { ok: false, error: "too_many" } as const;
    await queueEmail(
      db.prisma,
      input.shop,
      {
        kind: "friend_invite",
        key: emailKeys.invite(member.id, randomUUID()),
        memberId: member.id,
        // The friend's address, kept only until the invitation went (email-store.server.ts erases it then).
        toAddress: friend,
        // The friend's language is unknown: the inviting shopper's, who chose the words.
        locale: emailLocale(input.locale) ?? settings.fallbackLocale,
        data: { referralCode: member.referralCode },
      },
      input.now,
    );
    return { ok: true } as const;
  });
}
