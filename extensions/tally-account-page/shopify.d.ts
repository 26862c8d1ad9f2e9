// The `shopify` global each module of this extension sees, typed for its target: the module-scoped
// declaration the Shopify CLI generates in shopify.d.ts, written out for every module that uses `shopify`.
import type { Api } from "@shopify/ui-extensions/customer-account.page.render";

declare module "./src/AccountPage.tsx" {
  const shopify: Api;
}

declare module "./src/RewardList.tsx" {
  const shopify: Api;
}

declare module "./src/HistoryList.tsx" {
  const shopify: Api;
}

declare module "./src/BirthdayForm.tsx" {
  const shopify: Api;
}

declare module "./src/WaysToEarn.tsx" {
  const shopify: Api;
}
