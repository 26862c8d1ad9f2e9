// Checkout, below the discount form (purchase.checkout.reductions.render-after): a friend's referral code, the
// member's balance, what this order earns them at their tier, the rewards they can redeem into a discount code
// applied to this checkout and the shop's other places to redeem (extensions/shared/redeem-where.ts); a shopper who is not signed in sees what this order would earn.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { shopperApi, type ShopperApi } from "../../shared/shopper-api";
import type { Earning, SignedInSummary } from "../../shared/shopper-responses";
import { estimateOrderPoints } from "../../shared/order-estimate";
import { pointsText, t } from "../../shared/i18n";
import { ReferralCodeField } from "./ReferralCodeField";
import { RewardPicker } from "./RewardPicker";
import { UnusedCodes } from "./UnusedCodes";
import { redeemWhereKey } from "../../shared/redeem-where";
import type { RedeemPlace } from "../../../app/loyalty/redemption/redeem-places";

export default async () => {
  render(<Extension />, document.body);
};

type MemberSummary = SignedInSummary & { earning: Earning | null; redeemAt: RedeemPlace[] };
type Shopper = { kind: "loading" } | { kind: "member"; summary: MemberSummary } | { kind: "guest" } | { kind: "unavailable" };

function Extension() {
  const [api] = useState<ShopperApi>(() => shopperApi(shopify.sessionToken, shopify.localization.extensionLanguage.value.isoCode));
  const [shopper, setShopper] = useState<Shopper>({ kind: "loading" });
  const [estimate, setEstimate] = useState<number | null>(null);
  const { amount, currencyCode } = shopify.cost.subtotalAmount.value;
  const canUpdateDiscounts = shopify.instructions.value.discounts.canUpdateDiscountCodes;

  useEffect(() => {
    let current = true;
    void whoIsShopping(api).then((next) => {
      if (current) setShopper(next);
    });
    return () => {
      current = false;
    };
  }, [api]);

  // A guest's estimate follows the cart: asked again whenever the subtotal changes.
  useEffect(() => {
    if (shopper.kind !== "guest") return;
    let current = true;
    void api.estimate({ amount, currencyCode }).then((result) => {
      if (current) setEstimate(result.ok ? result.value.points : null);
    });
    return () => {
      current = false;
    };
  }, [api, shopper.kind, amount, currencyCode]);

  // A member's estimate is worked out here from the summary (their tier, the program's earn rule), so it follows the
  // subtotal without asking Tally again.
  const earning = shopper.kind === "member" ? shopper.summary.earning : null;
  const memberEstimate = earning ? estimateOrderPoints(earning, { amount, currencyCode }) : null;
  const tierName = shopper.kind === "member" ? shopper.summary.tier?.name : undefined;

  async function refreshSummary() {
    const result = await api.summary();
    if (result.ok && result.value.signedIn) setShopper({ kind: "member", summary: result.value });
  }

  return (
    <s-stack gap="base">
      {shopper.kind === "member" && (
        <s-stack gap="small-200">
          <s-text type="strong">{pointsText(shopify.i18n, "balance", shopper.summary.balance.available)}</s-text>
          {shopper.summary.balance.owed !== undefined && <s-text>{pointsText(shopify.i18n, "owed", shopper.summary.balance.owed)}</s-text>}
          {memberEstimate !== null && memberEstimate > 0 && tierName !== undefined && <s-text>{pointsText(shopify.i18n, "memberEstimate", memberEstimate, { tier: tierName })}</s-text>}
          {shopper.summary.standing && <s-text color="subdued">{t(shopify.i18n, shopper.summary.standing === "paused" ? "errors.program_paused" : "errors.not_in_program")}</s-text>}
          {canUpdateDiscounts && <UnusedCodes codes={shopper.summary.codes} />}
          {canUpdateDiscounts && <RewardPicker api={api} summary={shopper.summary} onRedeemed={refreshSummary} />}
          {/* The extension renders only on Plus checkouts, so checkout is a place, unless this one takes no codes. */}
          <s-text color="subdued">{t(shopify.i18n, redeemWhereKey(shopper.summary.redeemAt, "checkout", canUpdateDiscounts))}</s-text>
        </s-stack>
      )}
      {shopper.kind === "guest" && estimate !== null && estimate > 0 && <s-text>{pointsText(shopify.i18n, "guestEstimate", estimate)}</s-text>}
      {shopper.kind === "unavailable" && <s-text color="subdued">{t(shopify.i18n, "errors.unavailable")}</s-text>}
      {canUpdateDiscounts && <ReferralCodeField api={api} />}
    </s-stack>
  );
}

/**
 * A member or a guest. Checkout says who is signed in when the app may read buyer identity (protected customer
 * data); otherwise the backend decides from the session token's `sub`.
 */
async function whoIsShopping(api: ShopperApi): Promise<Shopper> {
  const identity = "buyerIdentity" in shopify ? shopify.buyerIdentity : undefined;
  if (identity !== undefined && identity.customer.value === undefined) return { kind: "guest" };
  const summary = await api.summary();
  if (summary.ok) return summary.value.signedIn ? { kind: "member", summary: summary.value } : { kind: "guest" };
  return summary.reason === "unauthorized" ? { kind: "guest" } : { kind: "unavailable" };
}
