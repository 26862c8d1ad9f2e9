// The `shopify` global each module of this extension sees, typed for its target (the pattern the Shopify CLI
// generates).
import "@shopify/ui-extensions";

type Api = import("@shopify/ui-extensions/customer-account.page.render").Api;

//@ts-ignore: declares the target's API inside the module, as the CLI's generated shopify.d.ts does
declare module "./src/AccountPage.tsx" {
  const shopify: Api;
}
//@ts-ignore
declare module "./src/RewardList.tsx" {
  const shopify: Api;
}
//@ts-ignore
declare module "./src/HistoryList.tsx" {
  const shopify: Api;
}
