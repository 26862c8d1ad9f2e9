import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Page } from "@shopify/polaris";
import { StandalonePolarisProvider } from "~/admin/polaris-provider";
import { ShopLoginForm } from "~/admin/shop-login-form";
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
  const { errors } = actionData ?? loaderData;

  return (
    <StandalonePolarisProvider>
      <Page narrowWidth>
        <ShopLoginForm heading={en.login.heading} error={errors.shop} />
      </Page>
    </StandalonePolarisProvider>
  );
}
