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

interface Loaded {
  order: OrderPoints | null;
  member: SignedInSummary | null;
}

function Extension() {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const orderId = shopify.orderConfirmation.value.order.id;

  useEffect(() => {
    const api = shopperApi(shopify.sessionToken);
    void Promise.all([api.orderPoints(orderId), api.summary()]).then(([order, summary]) => {
      setLoaded({
        order: order.ok ? order.value : null,
        member: summary.ok && summary.value.signedIn ? summary.value : null,
      });
    });
  }, [orderId]);

  if (loaded === null) return null;
  const { order, member } = loaded;
  const earns = order !== null && order.status !== "none" && order.points > 0;
  if (!earns && member === null) return null;

  return (
    <s-stack gap="base">
      {earns && (
        <s-stack gap="small-200">
          <s-heading>{pointsText(shopify.i18n, order.status === "posted" ? "earned.posted" : "earned.pending", order.points)}</s-heading>
          {order.status === "pending" && <s-text color="subdued">{t(shopify.i18n, "earned.pendingHelp")}</s-text>}
          {member !== null && <s-text color="subdued">{pointsText(shopify.i18n, "balance", member.balance.available)}</s-text>}
        </s-stack>
      )}
      {member !== null && (
        <s-stack gap="small-200">
          <s-heading>{t(shopify.i18n, "share.heading")}</s-heading>
          <s-text>{t(shopify.i18n, "share.explainer")}</s-text>
          <ReferralShare url={member.referral.url} i18n={shopify.i18n} />
        </s-stack>
      )}
    </s-stack>
  );
}
