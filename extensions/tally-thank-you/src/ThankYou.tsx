// The thank-you page block (purchase.thank-you.block.render): the points this order earns, pending or posted,
// where the shopper can spend points (this shop's places, extensions/shared/redeem-where.ts), and for members the
// referral link to copy and share. A guest sees what an account would collect from this order (at the program's
// entry tier) and the sign-up bonus, with a link to create one; a guest of a program that gives neither sees nothing.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { shopperApi } from "../../shared/shopper-api";
import type { Earning, OrderPoints, SignedInSummary } from "../../shared/shopper-responses";
import { estimateOrderPoints } from "../../shared/order-estimate";
import { pointsText, t } from "../../shared/i18n";
import { ReferralShare } from "../../shared/ReferralShare";
import { redeemWhereKey } from "../../shared/redeem-where";
import type { RedeemPlace } from "../../../app/loyalty/redemption/redeem-places";

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
  /** A signed-out shopper's program, to tell them what an account would collect; null for a member. */
  guest: Earning | null;
  /** The program's places to redeem besides the storefront widget. */
  redeemAt: RedeemPlace[];
}

/** Where a guest creates an account: the storefront's own page, which each kind of customer account serves. */
function registerUrl(): string {
  const origin = shopify.shop.storefrontUrl ?? `https://${shopify.shop.myshopifyDomain}`;
  return `${origin.replace(/\/+$/, "")}/account/register`;
}

function Extension() {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const orderId = shopify.orderConfirmation.value.order.id;

  useEffect(() => {
    const api = shopperApi(shopify.sessionToken, shopify.localization.extensionLanguage.value.isoCode);
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;

    async function pollOrder(member: SignedInSummary | null, guest: Earning | null, redeemAt: RedeemPlace[], attempt: number) {
      const result = await api.orderPoints(orderId);
      if (!current) return;
      const order = result.ok ? result.value : null;
      setLoaded({ order, member, guest, redeemAt });
      if (order?.status === "processing" && attempt < ORDER_ATTEMPTS) {
        timer = setTimeout(() => void pollOrder(member, guest, redeemAt, attempt + 1), ORDER_RETRY_DELAY_MS);
      }
    }

    void api.summary().then((summary) => {
      if (!current) return;
      const redeemAt = summary.ok ? summary.value.redeemAt : [];
      if (summary.ok && summary.value.signedIn) void pollOrder(summary.value, null, redeemAt, 1);
      else void pollOrder(null, summary.ok ? summary.value.earning : null, redeemAt, 1);
    });
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [orderId]);

  if (loaded === null) return null;
  const { order, member, guest, redeemAt } = loaded;
  const earns = order !== null && (order.status === "pending" || order.status === "posted") && order.points > 0;
  const processing = order !== null && order.status === "processing";
  const offer = !earns && guest !== null ? { points: estimateOrderPoints(guest, shopify.cost.subtotalAmount.value) ?? 0, bonus: guest.signupBonus } : null;
  const offered = offer !== null && (offer.points > 0 || offer.bonus > 0);
  if (!earns && member === null && !offered) return null;

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
      {offered && (
        <s-stack gap="small-200">
          {offer.points > 0 && <s-heading>{pointsText(shopify.i18n, "account.offer", offer.points)}</s-heading>}
          {offer.bonus > 0 && <s-text>{pointsText(shopify.i18n, "account.bonus", offer.bonus)}</s-text>}
          <s-link href={registerUrl()}>{t(shopify.i18n, "account.join")}</s-link>
        </s-stack>
      )}
      {/* A member out of the program (excluded, or the program paused) earns nothing on this order: no "points will show here", and nowhere to redeem. */}
      {processing && member !== null && member.standing === undefined && <s-text color="subdued">{t(shopify.i18n, "earned.processing")}</s-text>}
      {((member !== null && member.standing === undefined) || offered) && <s-text>{t(shopify.i18n, redeemWhereKey(redeemAt, null))}</s-text>}
      {member !== null && (
        <s-stack gap="small-200">
          <s-heading>{t(shopify.i18n, "share.heading")}</s-heading>
          <ReferralShare referral={member.referral} i18n={shopify.i18n} />
        </s-stack>
      )}
    </s-stack>
  );
}
