import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Link, List, Page, Text } from "@shopify/polaris";
import { StandalonePolarisProvider } from "~/admin/polaris-provider";
import { ShopLoginForm } from "~/admin/shop-login-form";
import { en } from "~/admin/strings/en";
import { env } from "~/env.server";
import { login } from "~/shopify.server";

export const meta: MetaFunction = () => [{ title: `${en.landing.title} — ${en.landing.tagline}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { demo } = env();
  const url = new URL(request.url);
  // Shopify opens the app URL with ?shop=…; send it on to the embedded admin, which authenticates it.
  if (!demo && url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return { showLoginForm: Boolean(login), demo };
}

export default function Landing() {
  const { showLoginForm, demo } = useLoaderData<typeof loader>();
  return (
    <StandalonePolarisProvider>
      <Page title={en.landing.title} subtitle={en.landing.tagline} narrowWidth>
        <BlockStack gap="400">
          <Card>
            <Text as="p">{en.landing.summary}</Text>
          </Card>
          {demo ? (
            <Card>
              <BlockStack gap="200">
                <Text variant="headingMd" as="h2">
                  {en.landing.demoHeading}
                </Text>
                <List>
                  <List.Item>
                    <Link url="/demo">{en.landing.demoLink}</Link>
                  </List.Item>
                </List>
              </BlockStack>
            </Card>
          ) : null}
          {showLoginForm ? (
            <ShopLoginForm heading={en.landing.loginHeading} />
          ) : null}
        </BlockStack>
      </Page>
    </StandalonePolarisProvider>
  );
}
