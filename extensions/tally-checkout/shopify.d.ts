// The `shopify` global each module of this extension sees, typed for its target: the module-scoped
// declaration the Shopify CLI generates in shopify.d.ts, written out for every module that uses `shopify`.
import type { Api } from "@shopify/ui-extensions/purchase.checkout.reductions.render-after";

declare module "./src/Checkout.tsx" {
  const shopify: Api;
}

declare module "./src/ReferralCodeField.tsx" {
  const shopify: Api;
}

declare module "./src/RewardPicker.tsx" {
  const shopify: Api;
}

declare module "./src/UnusedCodes.tsx" {
  const shopify: Api;
}
