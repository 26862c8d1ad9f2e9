// Polaris for pages outside Shopify's admin frame (landing, login, the demo). The SDK's AppProvider with
// isEmbeddedApp={false} is Polaris' AppProvider with the English strings and Remix links, minus App Bridge,
// which only works inside the admin iframe (and would be fetched from Shopify's CDN).
import { AppProvider } from "@shopify/shopify-app-remix/react";
import type { ReactNode } from "react";

export function StandalonePolarisProvider({ children }: { children: ReactNode }) {
  // The API key only tells App Bridge which app it is; without App Bridge it is unused.
  return (
    <AppProvider isEmbeddedApp={false} apiKey="">
      {children}
    </AppProvider>
  );
}
