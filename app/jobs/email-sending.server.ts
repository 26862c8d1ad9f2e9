// How the app sends member emails, from its environment: the job runner and the Emails page's test send share it
// (docs/emails.md). The words come from the shopper adapter; the feature sends what it is given.
import { env } from "~/env.server";
import type { EmailSending } from "~/loyalty/emails/send-emails.server";
import { renderMemberEmail } from "~/shopper/member-email-messages";

export function emailSending(): EmailSending {
  return {
    appSecret: env().shopifyApiSecret,
    appUrl: env().appUrl,
    outbox: env().emailOutbox,
    render: renderMemberEmail,
    policy: { allowLoopback: env().webhooksAllowLoopback },
  };
}
