// The thank-you page block (purchase.thank-you.block.render): the points this order earns, pending or posted,
// and for members the referral link to copy and share. A guest order that earns nothing shows nothing.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { shopperApi } from "../../shared/shopper-api";
import type { OrderPoints, SignedInSummary } from "../../shared/shopper-responses";
import { pointsText, t } from "../../shared/i18n";
import { ReferralShare } from "../../shared/ReferralShare";

export default async () => {
  render(<Extension />, document.body);
};

/**
 * The thank-you page usually loads before Shopify tells Tally the order is paid; the backend then answers
 * "processing" and we ask again, a few times, before settling for "your points will show here".
 */
export const ORDER_RETRY_DELAY_MS = 3000;
const ORDER_ATTEMPTS = 5;

interface Loaded {
  order: OrderPoints | null;
  member: SignedInSummary | null;
}

function Extension() {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const orderId = shopify.orderConfirmation.value.order.id;

  useEffect(() => {
    const api = shopperApi(shopify.sessionToken, shopify.localization.extensionLanguage.value.isoCode);
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;

    async function pollOrder(member: SignedInSummary | null, attempt: number) {
      const result = await api.orderPoints(orderId);
      if (!current) return;
      const order = result.ok ? result.value : null;
      setLoaded({ order, member });
      if (order?.status === "processing" && attempt < ORDER_ATTEMPTS) {
        timer = setTimeout(() => void pollOrder(member, attempt + 1), ORDER_RETRY_DELAY_MS);
      }
    }

    void api.summary().then((summary) => {
      if (current) void pollOrder(summary.ok && summary.value.signedIn ? summary.value : null, 1);
    });
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [orderId]);

  if (loaded === null) return null;
  const { order, member } = loaded;
  const earns = order !== null && (order.status === "pending" || order.status === "posted") && order.points > 0;
  const processing = order !== null && order.status === "processing";
  if (!earns && member === null) return null;

  return (
    <s-stack gap="base">
      {earns && (
        <s-stack gap="small-200">
          <s-heading>{pointsText(shopify.i18n, order.status === "posted" ? "earned.posted" : "earned.pending", order.points)}</s-heading>
          {order.status === "pending" && <s-text color="subdued">{t(shopify.i18n, "earned.pendingHelp")}</s-text>}
          {member !== null && <s-text color="subdued">{pointsText(shopify.i18n, "balance", member.balance.available)}</s-text>}
          {member?.balance.owed !== undefined && <s-text color="subdued">{pointsText(shopify.i18n, "owed", member.balance.owed)}</s-text>}
        </s-stack>
      )}
      {processing && member !== null && <s-text color="subdued">{t(shopify.i18n, "earned.processing")}</s-text>}
      {member !== null && (
        <s-stack gap="small-200">
          <s-heading>{t(shopify.i18n, "share.heading")}</s-heading>
          <ReferralShare referral={member.referral} i18n={shopify.i18n} />
        </s-stack>
      )}
    </s-stack>
  );
}
