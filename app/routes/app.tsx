// The admin's layout: every /app route runs inside it, after requireStaff. Inside Shopify it is an embedded app
// (App Bridge navigation); in the demo it draws its own frame.
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { DemoFrame } from "~/admin/demo-frame";
import { ADMIN_HOME, ADMIN_PAGES } from "~/admin/navigation";
import { StandalonePolarisProvider } from "~/admin/polaris-provider";
import { requireStaff } from "~/admin/staff-auth.server";
import { en } from "~/admin/strings/en";
import { db } from "~/db/db.server";
import { env } from "~/env.server";
import { findShop } from "~/loyalty/program/shop-store.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, staff } = await requireStaff(request);
  const { demo, shopifyApiKey } = env();
  if (!demo) return { demo: false as const, apiKey: shopifyApiKey };
  const record = await findShop(db().read, shop);
  return { demo: true as const, staff: staff.name, shopName: record?.name ?? shop };
}

export default function AdminLayout() {
  const data = useLoaderData<typeof loader>();
  if (data.demo) {
    return (
      <StandalonePolarisProvider>
        <DemoFrame shopName={data.shopName} staff={data.staff}>
          <Outlet />
        </DemoFrame>
      </StandalonePolarisProvider>
    );
  }
  return (
    <AppProvider isEmbeddedApp apiKey={data.apiKey}>
      <NavMenu>
        <Link to={ADMIN_HOME} rel="home">
          {en.appName}
        </Link>
        {ADMIN_PAGES.filter((page) => page.url !== ADMIN_HOME).map((page) => (
          <Link key={page.url} to={page.url}>
            {page.label}
          </Link>
        ))}
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// Shopify's auth throws responses (redirects out of the iframe, session-token bounces) that must reach the
// browser with their headers intact (https://shopify.dev/docs/api/shopify-app-remix/v3/guide-error-boundaries).
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
