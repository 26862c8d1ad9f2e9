// The form that uploads a balances file to be checked (a dry run) before anything is imported.
import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { importStrings as t } from "~/admin/strings/imports";

export function UploadCard({ error }: { error: string | null }) {
  const navigation = useNavigation();
  const checking = navigation.state === "submitting" && navigation.formEncType === "multipart/form-data";
  return (
    <Card>
      <Form method="post" encType="multipart/form-data">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t.upload.heading}
          </Text>
          <Text as="p">{t.upload.body}</Text>
          <Text as="p" tone="subdued">
            {t.upload.formats}
          </Text>
          <BlockStack gap="100">
            <label htmlFor="import-file">
              <Text as="span" fontWeight="medium">
                {t.upload.fileLabel}
              </Text>
            </label>
            <input id="import-file" name="file" type="file" accept=".csv,text/csv" required aria-describedby={error ? "import-file-error" : undefined} />
          </BlockStack>
          {error ? (
            <div id="import-file-error" role="alert">
              <Banner tone="critical">{error}</Banner>
            </div>
          ) : null}
          <InlineStack>
            <Button submit variant="primary" loading={checking}>
              {t.upload.check}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
