// A friend's referral code: checked with Tally first (exists, not the shopper's own, a first order), then applied
// as the friend's discount code and carried to the order as the cart attribute Tally names (`_tally_referral`),
// which the orders/paid handler reads for attribution (app/loyalty/earning/eligible-spend.ts).
import { useState } from "preact/hooks";
import type { ShopperApi } from "../../shared/shopper-api";
import { failureText, t } from "../../shared/i18n";

type State = { kind: "idle" } | { kind: "checking" } | { kind: "error"; message: string } | { kind: "applied"; message: string };

export function ReferralCodeField({ api }: { api: ShopperApi }) {
  const [code, setCode] = useState("");
  const [state, setState] = useState<State>({ kind: "idle" });

  async function apply() {
    const entered = code.trim();
    if (entered === "") {
      setState({ kind: "error", message: t(shopify.i18n, "referral.empty") });
      return;
    }
    setState({ kind: "checking" });
    const check = await api.checkReferralCode(entered);
    if (!check.ok) {
      setState({ kind: "error", message: failureText(shopify.i18n, check.reason) });
      return;
    }
    if (!check.value.valid) {
      setState({ kind: "error", message: failureText(shopify.i18n, check.value.reason) });
      return;
    }
    const { discountCode, attribute, friendDiscountPercent } = check.value;
    // Shopify's own error text is for developers ("Discount code is invalid…"): the shopper gets ours.
    if (discountCode !== null) {
      const applied = await shopify.applyDiscountCodeChange({ type: "addDiscountCode", code: discountCode });
      if (applied.type === "error") {
        setState({ kind: "error", message: t(shopify.i18n, "referral.notApplied") });
        return;
      }
    }
    if (shopify.instructions.value.attributes.canUpdateAttributes) {
      await shopify.applyAttributeChange({ type: "updateAttribute", key: attribute.key, value: attribute.value });
    }
    let message = t(shopify.i18n, "referral.recorded");
    if (discountCode !== null) {
      message = friendDiscountPercent === null ? t(shopify.i18n, "referral.applied") : t(shopify.i18n, "referral.appliedPercent", { percent: shopify.i18n.formatNumber(friendDiscountPercent) });
    }
    setState({ kind: "applied", message });
  }

  if (state.kind === "applied") return <s-banner tone="success">{state.message}</s-banner>;

  return (
    <s-stack gap="small-200">
      <s-text-field
        label={t(shopify.i18n, "referral.label")}
        value={code}
        error={state.kind === "error" ? state.message : undefined}
        onInput={(event: Event) => setCode((event.currentTarget as HTMLInputElement).value)}
      />
      <s-button variant="secondary" loading={state.kind === "checking"} onClick={() => void apply()}>
        {t(shopify.i18n, "referral.apply")}
      </s-button>
    </s-stack>
  );
}
