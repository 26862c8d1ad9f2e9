// Reward codes the member already bought (on the account page, or at an earlier checkout) and has not used:
// one click applies one to this checkout.
import { useState } from "preact/hooks";
import type { UnusedCode } from "../../shared/shopper-responses";
import { t } from "../../shared/i18n";

export function UnusedCodes({ codes }: { codes: UnusedCode[] }) {
  const [state, setState] = useState<{ kind: "idle" } | { kind: "applied"; title: string } | { kind: "error"; code: string }>({ kind: "idle" });
  const applied = new Set(shopify.discountCodes.value.map((discount) => discount.code.toUpperCase()));
  const usable = codes.filter((code) => !applied.has(code.code.toUpperCase()));

  async function apply(code: UnusedCode) {
    const result = await shopify.applyDiscountCodeChange({ type: "addDiscountCode", code: code.code });
    setState(result.type === "success" ? { kind: "applied", title: code.title } : { kind: "error", code: code.code });
  }

  if (state.kind === "applied") return <s-banner tone="success">{t(shopify.i18n, "codes.applied", { reward: state.title })}</s-banner>;
  if (usable.length === 0) return null;
  return (
    <s-stack gap="small-200">
      {state.kind === "error" && <s-banner tone="warning">{t(shopify.i18n, "rewards.notApplied", { code: state.code })}</s-banner>}
      {usable.map((code) => (
        <s-button key={code.code} variant="secondary" onClick={() => void apply(code)}>
          {t(shopify.i18n, "codes.apply", { reward: code.title })}
        </s-button>
      ))}
    </s-stack>
  );
}
