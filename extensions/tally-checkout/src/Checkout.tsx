// Checkout, below the discount form (purchase.checkout.reductions.render-after): a friend's referral code, the
// member's balance and the rewards they can redeem into a discount code applied to this checkout; a shopper who
// is not signed in sees what this order would earn.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { shopperApi, type ShopperApi } from "../../shared/shopper-api";
import type { SignedInSummary } from "../../shared/shopper-responses";
import { pointsText, t } from "../../shared/i18n";
import { ReferralCodeField } from "./ReferralCodeField";
import { RewardPicker } from "./RewardPicker";
import { UnusedCodes } from "./UnusedCodes";

export default async () => {
  render(<Extension />, document.body);
};

type Loyalty = { kind: "loading" } | { kind: "member"; summary: SignedInSummary } | { kind: "guest"; estimate: number | null } | { kind: "unavailable" };

function Extension() {
  const [api] = useState<ShopperApi>(() => shopperApi(shopify.sessionToken, shopify.localization.extensionLanguage.value.isoCode));
  const [loyalty, setLoyalty] = useState<Loyalty>({ kind: "loading" });
  const subtotal = shopify.cost.subtotalAmount.value;
  const canUpdateDiscounts = shopify.instructions.value.discounts.canUpdateDiscountCodes;

  useEffect(() => {
    let current = true;
    void loadLoyalty(api, { amount: subtotal.amount, currencyCode: subtotal.currencyCode }).then((next) => {
      if (current) setLoyalty(next);
    });
    return () => {
      current = false;
    };
  }, [api, subtotal.amount, subtotal.currencyCode]);

  async function refreshSummary() {
    const result = await api.summary();
    if (result.ok && result.value.signedIn) setLoyalty({ kind: "member", summary: result.value });
  }

  return (
    <s-stack gap="base">
      {loyalty.kind === "member" && (
        <s-stack gap="small-200">
          <s-text type="strong">{pointsText(shopify.i18n, "balance", loyalty.summary.balance.available)}</s-text>
          {canUpdateDiscounts && <UnusedCodes codes={loyalty.summary.codes} />}
          {canUpdateDiscounts && <RewardPicker api={api} summary={loyalty.summary} onRedeemed={refreshSummary} />}
        </s-stack>
      )}
      {loyalty.kind === "guest" && loyalty.estimate !== null && loyalty.estimate > 0 && (
        <s-text>{pointsText(shopify.i18n, "guestEstimate", loyalty.estimate)}</s-text>
      )}
      {loyalty.kind === "unavailable" && <s-text color="subdued">{t(shopify.i18n, "errors.unavailable")}</s-text>}
      {canUpdateDiscounts && <ReferralCodeField api={api} />}
    </s-stack>
  );
}

/**
 * A member gets their summary; anyone else the points this cart would earn. Checkout tells us who is signed in
 * when the app may read buyer identity; otherwise the backend decides from the session token's `sub`.
 */
async function loadLoyalty(api: ShopperApi, subtotal: { amount: number; currencyCode: string }): Promise<Loyalty> {
  const identity = "buyerIdentity" in shopify ? shopify.buyerIdentity : undefined;
  const knownGuest = identity !== undefined && identity.customer.value === undefined;
  if (!knownGuest) {
    const summary = await api.summary();
    if (summary.ok && summary.value.signedIn) return { kind: "member", summary: summary.value };
    if (!summary.ok && summary.reason !== "unauthorized") return { kind: "unavailable" };
  }
  const estimate = await api.estimate(subtotal);
  return { kind: "guest", estimate: estimate.ok ? estimate.value.points : null };
}
