// The Emails page's test send: one email to an address staff type, in the language they pick.
import { Form } from "@remix-run/react";
import { BlockStack, Button, Card, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { emailStrings as t } from "~/admin/strings/emails";
import { localeOptions } from "./locale-options";

export function TestSendCard() {
  const [to, setTo] = useState("");
  const [locale, setLocale] = useState("en");
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="test" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t.testTitle}
          </Text>
          <TextField label={t.testToLabel} name="to" type="email" value={to} onChange={setTo} autoComplete="email" />
          <Select label={t.testLocaleLabel} name="locale" options={localeOptions} value={locale} onChange={setLocale} />
          <div>
            <Button submit>{t.testButton}</Button>
          </div>
        </BlockStack>
      </Form>
    </Card>
  );
}
