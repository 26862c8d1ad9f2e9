// A shop's email settings as the rules use them: which emails are on, how they look, when the scans speak, and
// the merchant's SMTP server (docs/emails.md). Stored by email-store.server.ts; the SMTP password stays sealed
// (smtp-password.ts) and is never part of what a page is given back.
import { EMAIL_KINDS, isEmailKind, type EmailKind, type EmailLocale } from "./email-kinds";

export const SMTP_SECURITY = ["starttls", "tls", "none"] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

export interface SmtpServer {
  host: string;
  port: number;
  /** tls: TLS from the first byte (port 465); starttls: upgrade required (587); none: plain (local relays, tests). */
  security: SmtpSecurity;
  user: string | null;
  /** Sealed (smtp-password.ts); null when the server takes no login. */
  sealedPassword: string | null;
  fromAddress: string;
}

export interface EmailSettings {
  /** The kinds the merchant switched off; every kind is on until then. */
  disabled: EmailKind[];
  /** The colour of the header and button, as #rrggbb; Tally's own when unset. */
  brandColor: string | null;
  /** The language of members whose language Tally does not know. */
  fallbackLocale: EmailLocale;
  /** "Within reach": at most this many points short of the cheapest reward the member cannot yet afford. */
  withinReachPoints: number;
  /** "Points expiring": this many days before the member's points expire. */
  expiryNoticeDays: number;
  /** Null until the merchant configures one: nothing is sent (the queue waits), except in the outbox mode. */
  smtp: SmtpServer | null;
}

export const DEFAULT_BRAND_COLOR = "#1f5199";

export const DEFAULT_EMAIL_SETTINGS: EmailSettings = Object.freeze({
  disabled: [],
  brandColor: null,
  fallbackLocale: "en",
  withinReachPoints: 100,
  expiryNoticeDays: 14,
  smtp: null,
});

export function kindEnabled(settings: EmailSettings, kind: EmailKind): boolean {
  return !settings.disabled.includes(kind);
}

/** The stored list of switched-off kinds, keeping only kinds Tally knows. */
export function parseDisabledKinds(stored: string): EmailKind[] {
  const value = JSON.parse(stored) as unknown;
  return Array.isArray(value) ? EMAIL_KINDS.filter((kind) => value.some((item) => typeof item === "string" && isEmailKind(item) && item === kind)) : [];
}

export function isBrandColor(value: string): boolean {
  return /^#[0-9a-f]{6}$/i.test(value);
}
