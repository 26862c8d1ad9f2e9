// The Emails page's read model: the shop's settings as the form shows them (whether a password is stored, never
// the password), and the outbox: the latest emails, each worded as it went (or, in the demo, would have gone).
import type { ReadOnlyPrisma } from "~/db/database.server";
import type { EmailKind, EmailLocale, OutboxKind } from "~/loyalty/emails/email-kinds";
import type { RenderEmail } from "~/loyalty/emails/email-rendering";
import { DEFAULT_BRAND_COLOR, type SmtpSecurity } from "~/loyalty/emails/email-settings";
import { readEmailSettings } from "~/loyalty/emails/email-store.server";
import { unsubscribeUrl, type EmailSending } from "~/loyalty/emails/send-emails.server";
import { isMemberEmailKind } from "~/loyalty/emails/email-kinds";

const OUTBOX_SIZE = 50;

export interface EmailSettingsForm {
  disabled: EmailKind[];
  brandColor: string;
  fallbackLocale: EmailLocale;
  withinReachPoints: number;
  expiryNoticeDays: number;
  smtpHost: string;
  smtpPort: string;
  smtpSecurity: SmtpSecurity;
  smtpUser: string;
  passwordSet: boolean;
  fromAddress: string;
}

export interface OutboxRow {
  id: string;
  kind: OutboxKind;
  status: string;
  /** The member's address, the test's, or null for a friend's (not kept once the invitation went). */
  to: string | null;
  createdAt: string;
  error: string | null;
  subject: string;
  html: string;
}

export async function emailsPage(
  prisma: ReadOnlyPrisma,
  shop: string,
  sending: Pick<EmailSending, "appSecret" | "appUrl" | "render"> & { outbox: boolean },
): Promise<{ settings: EmailSettingsForm; outbox: OutboxRow[]; outboxMode: boolean }> {
  const [stored, row, shopRow] = await Promise.all([
    readEmailSettings(prisma, shop),
    prisma.emailSettings.findUnique({ where: { shop } }),
    prisma.shop.findUniqueOrThrow({ where: { domain: shop }, select: { domain: true, name: true, currencyCode: true } }),
  ]);
  const emails = await prisma.memberEmail.findMany({ where: { shop }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: OUTBOX_SIZE });
  const memberIds = [...new Set(emails.flatMap((email) => (email.memberId ? [email.memberId] : [])))];
  const members = new Map(
    (await prisma.member.findMany({ where: { id: { in: memberIds } }, select: { id: true, email: true, firstName: true } })).map((member) => [member.id, member]),
  );
  const render: RenderEmail = sending.render;
  return {
    outboxMode: sending.outbox,
    settings: {
      disabled: stored.disabled,
      brandColor: stored.brandColor ?? "",
      fallbackLocale: stored.fallbackLocale,
      withinReachPoints: stored.withinReachPoints,
      expiryNoticeDays: stored.expiryNoticeDays,
      smtpHost: row?.smtpHost ?? "",
      smtpPort: row?.smtpPort ? String(row.smtpPort) : "587",
      smtpSecurity: (row?.smtpSecurity as SmtpSecurity | undefined) ?? "starttls",
      smtpUser: row?.smtpUser ?? "",
      passwordSet: Boolean(row?.smtpPassword),
      fromAddress: row?.fromAddress ?? "",
    },
    outbox: emails.map((email) => {
      const kind = email.kind as OutboxKind;
      const member = email.memberId ? members.get(email.memberId) : undefined;
      const data = JSON.parse(email.data) as Record<string, unknown>;
      const unsubscribe = isMemberEmailKind(kind) && email.memberId ? unsubscribeUrl(sending, { shop, memberId: email.memberId, kind }) : null;
      const rendered = render({
        kind,
        locale: email.locale as EmailLocale,
        data,
        shop: shopRow,
        brandColor: stored.brandColor ?? DEFAULT_BRAND_COLOR,
        firstName: member?.firstName ?? null,
        unsubscribeUrl: unsubscribe,
      });
      const to = kind === "test" ? (typeof data.to === "string" ? data.to : null) : kind === "friend_invite" ? email.toAddress : (member?.email ?? null);
      return { id: email.id, kind, status: email.status, to, createdAt: email.createdAt.toISOString(), error: email.lastError, subject: rendered.subject, html: rendered.html };
    }),
  };
}
