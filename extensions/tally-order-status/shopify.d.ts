// The `shopify` global each module of this extension sees, typed for its target: the module-scoped
// declaration the Shopify CLI generates in shopify.d.ts, written out for every module that uses `shopify`.
import type { Api } from "@shopify/ui-extensions/customer-account.order-status.block.render";

declare module "./src/OrderStatus.tsx" {
  const shopify: Api;
}
