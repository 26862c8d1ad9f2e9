// The member's points history, newest first as the backend sends it: what happened, when, and the points it
// added or took away; pending entries are marked, since they are not spendable yet.
import type { HistoryEntry } from "../../shared/shopper-responses";
import { dateText, pointsText, t } from "../../shared/i18n";

const KNOWN_CODES = new Set([
  "PURCHASE",
  "SIGNUP_BONUS",
  "BIRTHDAY_BONUS",
  "REFERRAL_ADVOCATE",
  "MILESTONE_BONUS",
  "TIER_ENTRY",
  "REFUND_REVERSAL",
  "CANCELLATION",
  "REDEMPTION",
  "REDEMPTION_RELEASE",
  "REDEMPTION_RETURNED",
  "EXPIRY",
  "EXPIRY_REVERSAL",
  "ADJUSTMENT",
  "IMPORT",
  "CUSTOM_EVENT",
  "NEWSLETTER_SIGNUP",
  "SOCIAL_FOLLOW",
]);

export function HistoryList({ history }: { history: HistoryEntry[] }) {
  const i18n = shopify.i18n;
  if (history.length === 0) return <s-text color="subdued">{t(i18n, "history.empty")}</s-text>;
  return (
    <s-unordered-list>
      {history.map((entry) => (
        <s-list-item key={entry.id}>
          <s-stack direction="inline" gap="small-200">
            <s-text>{dateText(i18n, entry.createdAt)}</s-text>
            <s-text type="strong">{t(i18n, `transfers.${KNOWN_CODES.has(entry.code) ? entry.code : "OTHER"}`)}</s-text>
            <s-text>{pointsText(i18n, "history.change", Math.abs(entry.points), { sign: entry.points < 0 ? "−" : "+" })}</s-text>
            {entry.status === "pending" && <s-badge>{t(i18n, "history.pending")}</s-badge>}
          </s-stack>
        </s-list-item>
      ))}
    </s-unordered-list>
  );
}
