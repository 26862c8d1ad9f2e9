// The program's ways to earn on the account page, as the backend words them; a social one has a button that opens
// the shop's page on that network and credits the points, once per network (POST /api/shopper/social).
import { useState } from "preact/hooks";
import type { ShopperApi } from "../../shared/shopper-api";
import type { SignedInSummary } from "../../shared/shopper-responses";
import { t } from "../../shared/i18n";

/** How each network writes its own name, as the backend's SOCIAL_NETWORK_NAMES (app/loyalty/actions/action-rules.ts). */
const NETWORK_NAMES: Record<string, string> = { instagram: "Instagram", facebook: "Facebook", tiktok: "TikTok", x: "X", youtube: "YouTube", pinterest: "Pinterest", linkedin: "LinkedIn" };

export function WaysToEarn({ api, summary, onCredited }: { api: ShopperApi; summary: SignedInSummary; onCredited: () => Promise<void> }) {
  const i18n = shopify.i18n;
  const [message, setMessage] = useState<{ tone: "success" | "critical"; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function follow(network: string) {
    setBusy(network);
    const result = await api.followSocial(network);
    setBusy(null);
    if (!result.ok) {
      setMessage({ tone: "critical", text: t(i18n, "earn.failed") });
      return;
    }
    setMessage({ tone: "success", text: result.value.message });
    await onCredited();
  }

  return (
    <s-stack gap="small-200">
      {message && <s-banner tone={message.tone}>{message.text}</s-banner>}
      <s-unordered-list>
        {summary.waysToEarn.map((way, index) => (
          <s-list-item key={`${way.kind}-${index}`}>
            <s-stack gap="small-100">
              <s-text>{way.text}</s-text>
              {way.social &&
                (summary.followed.includes(way.social.network) ? (
                  <s-text color="subdued">{t(i18n, "earn.done")}</s-text>
                ) : (
                  <s-button href={way.social.url} target="_blank" loading={busy === way.social.network} onClick={() => void follow(way.social?.network ?? "")}>
                    {t(i18n, "earn.follow", { network: NETWORK_NAMES[way.social.network] ?? way.social.network })}
                  </s-button>
                ))}
            </s-stack>
          </s-list-item>
        ))}
      </s-unordered-list>
    </s-stack>
  );
}
