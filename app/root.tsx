import type { LinksFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import { Card, Page, Text } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import type { ReactNode } from "react";
import { StandalonePolarisProvider } from "./admin/polaris-provider";
import { en } from "./admin/strings/en";

// Polaris falls back to the system font when Inter is not loaded; nothing here is fetched from Shopify's CDN,
// so the demo renders the same with no network.
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

// Anything no route handled: an unknown URL, bad input, or a bug. Admin routes answer Shopify's auth responses
// in app.tsx's boundary first.
export function ErrorBoundary() {
  const error = useRouteError();
  const response = isRouteErrorResponse(error) ? error : null;
  const title = response?.status === 404 ? en.errors.notFound : response ? en.errors.badRequest(response.status) : en.errors.unexpected;
  const detail = response && response.status !== 404 && typeof response.data === "string" ? response.data : null;
  return (
    <StandalonePolarisProvider>
      <Page title={title} narrowWidth>
        <Card>
          <Text as="p">{detail ?? en.errors.hint}</Text>
        </Card>
      </Page>
    </StandalonePolarisProvider>
  );
}
