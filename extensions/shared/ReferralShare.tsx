// The shopper's referral link with a copy button and share links, for the thank-you block and the account page.
// Copying uses Polaris' s-clipboard-item (extensions have no navigator.clipboard); sharing opens the mail app,
// WhatsApp or X with the link filled in, since extensions have no Web Share API either.
// Both extensions' locale files carry the `share.*` keys.
import { useState } from "preact/hooks";
import { pointsText, t, type ExtensionI18n } from "./i18n";
import type { Referral } from "./shopper-responses";

export function shareLinks(message: string, subject: string) {
  const text = encodeURIComponent(message);
  return [
    { key: "email", href: `mailto:?subject=${encodeURIComponent(subject)}&body=${text}` },
    { key: "whatsapp", href: `https://wa.me/?text=${text}` },
    { key: "x", href: `https://x.com/intent/post?text=${text}` },
  ] as const;
}

export function ReferralShare({ referral, i18n }: { referral: Referral; i18n: ExtensionI18n }) {
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  const { url, friendDiscountPercent, advocatePoints } = referral;
  const message = t(i18n, "share.message", { url });
  return (
    <s-stack gap="small-200">
      <s-text>
        {friendDiscountPercent !== null && advocatePoints !== null
          ? pointsText(i18n, "share.offer", advocatePoints, { percent: i18n.formatNumber(friendDiscountPercent) })
          : t(i18n, "share.explainer")}
      </s-text>
      <s-text type="strong">{url}</s-text>
      <s-clipboard-item id="tally-referral-link" text={url} onCopy={() => setCopied("yes")} onCopyError={() => setCopied("failed")} />
      <s-stack direction="inline" gap="small-200">
        <s-button variant="secondary" commandFor="tally-referral-link" command="--copy">
          {t(i18n, "share.copy")}
        </s-button>
        {shareLinks(message, t(i18n, "share.subject")).map((link) => (
          <s-link key={link.key} href={link.href} target="_blank">
            {t(i18n, `share.${link.key}`)}
          </s-link>
        ))}
      </s-stack>
      {copied === "yes" && <s-text color="subdued">{t(i18n, "share.copied")}</s-text>}
      {copied === "failed" && <s-text color="subdued">{t(i18n, "share.copyFailed")}</s-text>}
    </s-stack>
  );
}
