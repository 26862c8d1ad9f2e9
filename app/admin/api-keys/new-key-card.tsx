// The form that creates a key, and the key itself once, right after it was created.
import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { apiKeyStrings as t } from "~/admin/strings/api-keys";

export interface NewKeyCardProps {
  /** The key just created: shown this once. */
  created?: { name: string; key: string };
  errors?: { name?: string; scope?: string };
}

export function NewKeyCard({ created, errors }: NewKeyCardProps) {
  const [name, setName] = useState("");
  const [scope, setScope] = useState("read");
  const navigation = useNavigation();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t.createHeading}
        </Text>
        {created ? (
          <Banner tone="success" title={t.createdTitle(created.name)}>
            <BlockStack gap="200">
              <p>{t.createdHelp}</p>
              <code data-api-key style={{ overflowWrap: "anywhere", userSelect: "all" }}>
                {created.key}
              </code>
            </BlockStack>
          </Banner>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="create" />
          <FormLayout>
            <TextField label={t.nameLabel} name="name" value={name} onChange={setName} helpText={t.nameHelp} error={errors?.name} maxLength={80} autoComplete="off" requiredIndicator />
            <Select
              label={t.scopeLabel}
              name="scope"
              options={[
                { label: t.scopes.read ?? "read", value: "read" },
                { label: t.scopes.read_write ?? "read_write", value: "read_write" },
              ]}
              value={scope}
              onChange={setScope}
              helpText={t.scopeHelp}
              error={errors?.scope}
            />
            <Button submit variant="primary" loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "create"}>
              {t.create}
            </Button>
          </FormLayout>
        </Form>
      </BlockStack>
    </Card>
  );
}
