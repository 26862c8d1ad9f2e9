// What the words of an email are made from. The wording itself is the shopper adapter's
// (app/shopper/member-email-messages.ts), passed in by the job runner and the admin: a feature does not word things.
import type { EmailLocale, OutboxKind } from "./email-kinds";

export interface EmailToRender {
  kind: OutboxKind;
  locale: EmailLocale;
  /** What the email is about, as queued (points, the reward, the tier, the invitation's code). */
  data: Record<string, unknown>;
  shop: { domain: string; name: string; currencyCode: string };
  brandColor: string;
  /** The member's first name, when Tally knows it. */
  firstName: string | null;
  /** The one-click unsubscribe link; null for emails that are not a member's (an invitation, a test). */
  unsubscribeUrl: string | null;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export type RenderEmail = (email: EmailToRender) => RenderedEmail;
