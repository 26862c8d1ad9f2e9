// The sender (docs/decisions/037-member-emails.md): due emails are claimed with a lease, checked against the
// switches at the moment they would go (the merchant's, the member's unsubscribe, redaction), rendered in the
// member's language with the shop's name and colour, and sent over the merchant's SMTP server — or, in the
// outbox mode (the demo), kept for the Emails page. Failures are retried with backoff (email-retry.ts).
import type { TallyDatabase } from "~/db/database.server";
import type { ReportJobFailure } from "~/loyalty/job-failures";
import type { TargetPolicy } from "~/loyalty/outgoing-webhooks/target-policy";
import { memberExcluded } from "~/loyalty/exclusion/member-standing";
import { parseProgramRules, type ProgramRules } from "~/loyalty/program/program-rules";
import { isMemberEmailKind } from "./email-kinds";
import type { RenderEmail } from "./email-rendering";
import { DEFAULT_BRAND_COLOR, kindEnabled, type EmailSettings } from "./email-settings";
import { nextSendAt } from "./email-retry";
import {
  claimDueEmails,
  EMAIL_LEASE_MS,
  hasOptedOut,
  markEmailAttemptFailed,
  markEmailHeld,
  markEmailSent,
  markEmailSkipped,
  putBackUntriedEmails,
  readEmailSettings,
  type ClaimedEmail,
} from "./email-store.server";
import { deliverOverSmtp } from "./smtp-delivery.server";
import { unsubscribeToken } from "./unsubscribe-token";
import { runClockFrom, sendInLaneBatches, type RunClock } from "~/operations/job-share.server";

export interface EmailSending {
  /** The app's secret: SMTP passwords are sealed and unsubscribe links signed with keys derived from it. */
  appSecret: string;
  /** Where unsubscribe links point (SHOPIFY_APP_URL). */
  appUrl: string;
  /** Keep emails on the Emails page instead of sending them (the demo: no network). */
  outbox: boolean;
  render: RenderEmail;
  /** Where Tally may connect: the outgoing webhooks' policy. */
  policy: TargetPolicy;
}

export interface EmailRun {
  sent: number;
  failed: number;
}

const BATCH = 50;
/** Eight shops' emails at once, each shop's one after another through its own SMTP server. */
const LANES = { atOnce: 8, perLane: 1 };

export function unsubscribeUrl(sending: Pick<EmailSending, "appSecret" | "appUrl">, target: Parameters<typeof unsubscribeToken>[1]): string {
  return `${sending.appUrl.replace(/\/$/, "")}/emails/unsubscribe?token=${unsubscribeToken(sending.appSecret, target)}`;
}

type Ready = { ok: true; to: string; firstName: string | null; unsubscribe: string | null } | { ok: false; reason: string };

/** Whether the email may still go, and where: every switch is read again now, not when it was queued. */
async function recipient(db: TallyDatabase, email: ClaimedEmail, settings: EmailSettings, sending: EmailSending, rules: ProgramRules): Promise<Ready> {
  if (email.kind !== "test" && !kindEnabled(settings, email.kind)) return { ok: false, reason: "The merchant switched this email off." };
  const member = email.memberId
    ? await db.read.member.findUnique({ where: { id: email.memberId }, select: { email: true, firstName: true, redactedAt: true, tags: true, excludedAt: true } })
    : null;
  if (email.memberId && (!member || member.redactedAt)) return { ok: false, reason: "The customer's data was erased." };
  // An excluded member hears nothing from the program, an invitation sent in their name included
  // (docs/decisions/041-the-program-fits-the-shop.md).
  if (member && memberExcluded(member, rules)) return { ok: false, reason: "The member is excluded from the program." };
  if (email.kind === "friend_invite" || email.kind === "test") {
    if (!email.toAddress) return { ok: false, reason: "The address is no longer kept." };
    return { ok: true, to: email.toAddress, firstName: email.kind === "friend_invite" ? (member?.firstName ?? null) : null, unsubscribe: null };
  }
  if (!member?.email || !email.memberId) return { ok: false, reason: "The member has no email address." };
  if (isMemberEmailKind(email.kind) && (await hasOptedOut(db.read, email.memberId, email.kind))) return { ok: false, reason: "The member unsubscribed from this email." };
  const unsubscribe = isMemberEmailKind(email.kind) ? unsubscribeUrl(sending, { shop: email.shop, memberId: email.memberId, kind: email.kind }) : null;
  return { ok: true, to: member.email, firstName: member.firstName, unsubscribe };
}

/** How one email went; a failure of the shop's SMTP server itself comes with its error. */
type SendOutcome = "sent" | "skipped" | "failed" | { serverDown: string };

async function skip(db: TallyDatabase, id: string, reason: string): Promise<SendOutcome> {
  await markEmailSkipped(db.prisma, id, reason);
  return "skipped";
}

async function readShopForSending(db: TallyDatabase, domain: string) {
  const [settings, shop] = await Promise.all([
    readEmailSettings(db.read, domain),
    db.read.shop.findUnique({ where: { domain }, select: { domain: true, name: true, currencyCode: true, programRules: true } }),
  ]);
  return { settings, shop };
}

type ShopOf = (domain: string) => ReturnType<typeof readShopForSending>;

/** The shop's email settings and what the email shows of it, read once per run for all its emails. */
function shopsForSending(db: TallyDatabase): ShopOf {
  const read = new Map<string, ReturnType<ShopOf>>();
  return (domain) => {
    let shop = read.get(domain);
    if (!shop) {
      shop = readShopForSending(db, domain);
      read.set(domain, shop);
    }
    return shop;
  };
}

async function sendOne(db: TallyDatabase, email: ClaimedEmail, now: Date, sending: EmailSending, shopOf: ShopOf): Promise<SendOutcome> {
  const { settings, shop } = await shopOf(email.shop);
  if (!shop) return skip(db, email.id, "The shop is gone.");
  const ready = await recipient(db, email, settings, sending, parseProgramRules(shop.programRules));
  if (!ready.ok) return skip(db, email.id, ready.reason);
  if (sending.outbox) {
    await markEmailHeld(db.prisma, email.id, now);
    return "sent";
  }
  if (!settings.smtp) return skip(db, email.id, "No SMTP server is set up in the email settings.");
  const rendered = sending.render({
    kind: email.kind,
    locale: email.locale,
    data: JSON.parse(email.data) as Record<string, unknown>,
    shop,
    brandColor: settings.brandColor ?? DEFAULT_BRAND_COLOR,
    firstName: ready.firstName,
    unsubscribeUrl: ready.unsubscribe,
  });
  // RFC 8058: the mail client unsubscribes with one POST to the link, no page in between.
  const headers: Record<string, string> = { "X-Tally-Email": email.kind };
  if (ready.unsubscribe) Object.assign(headers, { "List-Unsubscribe": `<${ready.unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
  const outcome = await deliverOverSmtp(settings.smtp, { to: ready.to, ...rendered, fromName: shop.name, headers }, sending.appSecret, sending.policy);
  if (outcome.ok) {
    await markEmailSent(db.prisma, email.id, now);
    return "sent";
  }
  await markEmailAttemptFailed(db.prisma, email.id, outcome.error, outcome.permanent ? null : nextSendAt(email.attempts, now, email.giveUpAt));
  // A refusal of this message (a 5xx: a bad address) says nothing of the next; anything else (no connection, a
  // timeout, a 4xx "try later") is the server's, and the shop's other emails would meet it too.
  return outcome.permanent ? "failed" : { serverDown: outcome.error };
}

export async function sendDueEmails(db: TallyDatabase, now: Date, sending: EmailSending, report: ReportJobFailure, clock: RunClock = runClockFrom(now)): Promise<EmailRun> {
  const run: EmailRun = { sent: 0, failed: 0 };
  const shopOf = shopsForSending(db);
  // Each shop's emails go through its own SMTP server: one lane per shop (send-lanes.ts).
  await sendInLaneBatches<ClaimedEmail>(BATCH, {
    // The claims in one unit: one commit, not one per email.
    claim: (size, down, at) => db.transaction((tx) => claimDueEmails(tx.prisma, at, size, down)),
    laneOf: (email) => email.shop,
    async send(email) {
      try {
        const outcome = await sendOne(db, email, now, sending, shopOf);
        if (outcome === "sent") run.sent += 1;
        if (outcome === "sent" || outcome === "skipped") return "went";
        run.failed += 1;
        return outcome === "failed" ? "failed" : { farSideDown: outcome.serverDown };
      } catch (error) {
        report({ job: "member emails", shop: email.shop, item: email.id }, error);
        return "failed";
      }
    },
    limits: LANES,
    leaseMs: EMAIL_LEASE_MS,
    clock,
    putBack: (untried, error) => putBackUntriedEmails(db.prisma, untried, now, error),
  });
  return run;
}

/** The Emails page's test send, right away and not queued: the merchant sees at once whether their server takes it. */
export async function sendTestEmailNow(
  db: TallyDatabase,
  input: { shop: string; to: string; locale: "en" | "fr" | "de" | "es" },
  sending: EmailSending,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const [settings, shop] = await Promise.all([
    readEmailSettings(db.read, input.shop),
    db.read.shop.findUniqueOrThrow({ where: { domain: input.shop }, select: { domain: true, name: true, currencyCode: true } }),
  ]);
  if (!settings.smtp) return { ok: false, error: "no_smtp" };
  const rendered = sending.render({ kind: "test", locale: input.locale, data: {}, shop, brandColor: settings.brandColor ?? DEFAULT_BRAND_COLOR, firstName: null, unsubscribeUrl: null });
  const outcome = await deliverOverSmtp(settings.smtp, { to: input.to, ...rendered, fromName: shop.name, headers: { "X-Tally-Email": "test" } }, sending.appSecret, sending.policy);
  return outcome.ok ? { ok: true } : { ok: false, error: outcome.error };
}
