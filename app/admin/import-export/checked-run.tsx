// A checked import (its dry run): what it would do, its row errors, and the button that imports it.
import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Text } from "@shopify/polaris";
import { formatCount } from "~/admin/format";
import { formatDateTime } from "~/admin/format-dates";
import type { ImportDetail } from "~/admin/imports/import-view.server";
import { importStrings as t } from "~/admin/strings/imports";
import { RowErrors } from "./row-errors";

export function CheckedRun({ run }: { run: ImportDetail }) {
  const navigation = useNavigation();
  return (
    <BlockStack gap="300">
      <Text as="p">{t.check.summary(formatCount(run.totalRows), formatCount(run.errorRows))}</Text>
      {run.newMembers > 0 ? <Text as="p">{t.check.newMembers(formatCount(run.newMembers))}</Text> : null}
      {run.alreadyImportedAt ? <Banner tone="info">{t.check.alreadyImported(formatDateTime(run.alreadyImportedAt))}</Banner> : null}
      <RowErrors run={run} />
      {run.totalRows > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="import" />
          <input type="hidden" name="runId" value={run.id} />
          <Button submit variant="primary" loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "import"}>
            {t.check.importButton(formatCount(run.totalRows))}
          </Button>
        </Form>
      ) : (
        <Banner tone="warning">{t.check.nothingToImport}</Banner>
      )}
    </BlockStack>
  );
}
