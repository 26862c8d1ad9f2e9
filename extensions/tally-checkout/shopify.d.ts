// The `shopify` global each module of this extension sees, typed for its target (the pattern the Shopify CLI
// generates).
import "@shopify/ui-extensions";

type Api = import("@shopify/ui-extensions/purchase.checkout.reductions.render-after").Api;

//@ts-ignore: declares the target's API inside the module, as the CLI's generated shopify.d.ts does
declare module "./src/Checkout.tsx" {
  const shopify: Api;
}
//@ts-ignore
declare module "./src/ReferralCodeField.tsx" {
  const shopify: Api;
}
//@ts-ignore
declare module "./src/RewardPicker.tsx" {
  const shopify: Api;
}
