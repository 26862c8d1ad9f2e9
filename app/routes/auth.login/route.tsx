import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { StandalonePolarisProvider } from "~/admin/polaris-provider";
import { en } from "~/admin/strings/en";
import { login } from "~/shopify.server";
import { loginErrorMessage } from "./login-errors.server";

// Outside the Shopify admin (a merchant typing the app URL), `login` redirects a valid shop domain to install or
// open the app, and otherwise says what is wrong with it.
export async function loader({ request }: LoaderFunctionArgs) {
  return { errors: loginErrorMessage(await login(request)) };
}

export async function action({ request }: ActionFunctionArgs) {
  return { errors: loginErrorMessage(await login(request)) };
}

export default function Login() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const { errors } = actionData ?? loaderData;

  return (
    <StandalonePolarisProvider>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h2">
                {en.login.heading}
              </Text>
              <TextField
                type="text"
                name="shop"
                label={en.landing.shopLabel}
                helpText={en.landing.shopHelp}
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={errors.shop}
              />
              <Button submit>{en.landing.loginButton}</Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </StandalonePolarisProvider>
  );
}
