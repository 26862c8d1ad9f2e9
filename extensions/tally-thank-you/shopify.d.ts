// The `shopify` global each module of this extension sees, typed for its target (the pattern the Shopify CLI
// generates).
import "@shopify/ui-extensions";

type Api = import("@shopify/ui-extensions/purchase.thank-you.block.render").Api;

//@ts-ignore: declares the target's API inside the module, as the CLI's generated shopify.d.ts does
declare module "./src/ThankYou.tsx" {
  const shopify: Api;
}
