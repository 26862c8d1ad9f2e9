import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, FormLayout, Link, List, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { StandalonePolarisProvider } from "~/admin/polaris-provider";
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
  const [shop, setShop] = useState("");
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
            <Card>
              <Form method="post" action="/auth/login">
                <FormLayout>
                  <Text variant="headingMd" as="h2">
                    {en.landing.loginHeading}
                  </Text>
                  <TextField
                    type="text"
                    name="shop"
                    label={en.landing.shopLabel}
                    helpText={en.landing.shopHelp}
                    value={shop}
                    onChange={setShop}
                    autoComplete="on"
                  />
                  <Button submit>{en.landing.loginButton}</Button>
                </FormLayout>
              </Form>
            </Card>
          ) : null}
        </BlockStack>
      </Page>
    </StandalonePolarisProvider>
  );
}
