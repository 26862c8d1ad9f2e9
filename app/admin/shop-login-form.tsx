// The shop-domain form that starts Shopify's login, on the landing page and on /auth/login.
import { Form } from "@remix-run/react";
import { Button, Card, FormLayout, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { en } from "./strings/en";

export function ShopLoginForm({ heading, error }: { heading: string; error?: string }) {
  const [shop, setShop] = useState("");
  return (
    <Card>
      <Form method="post" action="/auth/login">
        <FormLayout>
          <Text variant="headingMd" as="h2">
            {heading}
          </Text>
          <TextField
            type="text"
            name="shop"
            label={en.landing.shopLabel}
            helpText={en.landing.shopHelp}
            value={shop}
            onChange={setShop}
            autoComplete="on"
            error={error}
          />
          <Button submit>{en.landing.loginButton}</Button>
        </FormLayout>
      </Form>
    </Card>
  );
}
