// The order-status block in the customer account (customer-account.order-status.block.render): the points this
// order earned, or earns when its pending window ends (with the date), and the rewards the shopper's available
// points now cover, with the way to the rewards page and the shop's other places to spend them
// (extensions/shared/redeem-where.ts). An order that earns nothing (cancelled, refunded, a test
// order) says nothing of points; with nothing to say at all, the block is empty.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { shopperApi } from "../../shared/shopper-api";
import type { OrderStatus } from "../../shared/shopper-responses";
import { dateText, pointsText, t } from "../../shared/i18n";
import { redeemWhereKey } from "../../shared/redeem-where";

export default async () => {
  render(<Extension />, document.body);
};

/** How long an order Tally has not seen paid is worth "your points will show here": after that it never will. */
const PROCESSING_WINDOW_MS = 86_400_000;

/**
 * The customer account's full page of this app (extensions/tally-account-page), where points are redeemed, by the
 * custom protocol for another installed extension of the app: `extension://<handle>`
 * (https://shopify.dev/docs/api/customer-account-ui-extensions/latest/target-apis/platform-apis/navigation-api).
 */
export const REWARDS_PAGE = "extension://tally-account-page";

function Extension() {
  const [status, setStatus] = useState<OrderStatus | null>(null);
  const order = shopify.order.value;
  const orderId = order?.id;

  useEffect(() => {
    if (orderId === undefined) return;
    const api = shopperApi(shopify.sessionToken, shopify.localization.extensionLanguage.value.isoCode);
    let current = true;
    void api.orderStatus(orderId).then((result) => {
      if (current && result.ok) setStatus(result.value);
    });
    return () => {
      current = false;
    };
  }, [orderId]);

  if (status === null) return null;
  const i18n = shopify.i18n;
  const { points, status: kind, postsAt } = status.order;
  const earns = (kind === "posted" || kind === "pending") && points > 0;
  const processedAt = order?.processedAt === undefined ? Number.NaN : Date.parse(order.processedAt);
  const processing = kind === "processing" && Date.now() - processedAt < PROCESSING_WINDOW_MS;
  const { affordable } = status;
  if (!earns && !processing && affordable.length === 0) return null;

  return (
    <s-stack gap="base">
      {earns && kind === "posted" && <s-heading>{pointsText(i18n, "earned.posted", points)}</s-heading>}
      {earns && kind === "pending" && postsAt !== null && <s-heading>{pointsText(i18n, "earned.pending", points, { date: dateText(i18n, postsAt) })}</s-heading>}
      {earns && kind === "pending" && postsAt === null && <s-heading>{pointsText(i18n, "earned.pendingSoon", points)}</s-heading>}
      {processing && <s-text color="subdued">{t(i18n, "earned.processing")}</s-text>}
      {affordable.length > 0 && (
        <s-stack gap="small-200">
          <s-text type="strong">{pointsText(i18n, "afford.heading", status.available)}</s-text>
          <s-unordered-list>
            {affordable.map((reward) => (
              <s-list-item key={reward.id}>{pointsText(i18n, "afford.reward", reward.points, { reward: reward.title })}</s-list-item>
            ))}
          </s-unordered-list>
          <s-link href={REWARDS_PAGE}>{t(i18n, "afford.redeem")}</s-link>
          {/* The block renders only in new customer accounts, so the account page it links to is always there. */}
          <s-text color="subdued">{t(i18n, redeemWhereKey(status.redeemAt, "account"))}</s-text>
        </s-stack>
      )}
    </s-stack>
  );
}
