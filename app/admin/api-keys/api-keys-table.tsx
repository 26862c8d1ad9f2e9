// The shop's API keys: name, the key's public part, access, when created and last used, and a Revoke button.
import { Form, useNavigation } from "@remix-run/react";
import { Badge, Button, IndexTable, Text } from "@shopify/polaris";
import { formatDateTime } from "~/admin/format-dates";
import { apiKeyStrings as t } from "~/admin/strings/api-keys";
import type { ApiKeysPage } from "./api-keys-query.server";

type KeyRow = ApiKeysPage["keys"][number];

function RevokeButton({ row }: { row: KeyRow }) {
  const navigation = useNavigation();
  const revoking = navigation.state === "submitting" && navigation.formData?.get("keyId") === row.id;
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="revoke" />
      <input type="hidden" name="keyId" value={row.id} />
      <Button submit tone="critical" loading={revoking} accessibilityLabel={t.revokeLabel(row.name)}>
        {t.revoke}
      </Button>
    </Form>
  );
}

export function ApiKeysTable({ rows }: { rows: KeyRow[] }) {
  const c = t.columns;
  return (
    <IndexTable
      resourceName={t.resource}
      itemCount={rows.length}
      selectable={false}
      headings={[{ title: c.name }, { title: c.key }, { title: c.access }, { title: c.created }, { title: c.lastUsed }, { title: c.status }, { title: c.action }]}
    >
      {rows.map((row, index) => (
        <IndexTable.Row id={row.id} key={row.id} position={index}>
          <IndexTable.Cell>
            <Text as="span" fontWeight="semibold">
              {row.name}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" variant="bodySm">
              <code>{row.prefix}</code>
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>{t.scopes[row.scope] ?? row.scope}</IndexTable.Cell>
          <IndexTable.Cell>{formatDateTime(row.createdAt)}</IndexTable.Cell>
          <IndexTable.Cell>{row.lastUsedAt ? formatDateTime(row.lastUsedAt) : t.never}</IndexTable.Cell>
          <IndexTable.Cell>{row.revokedAt ? <Badge tone="critical">{t.revoked(formatDateTime(row.revokedAt))}</Badge> : <Badge tone="success">{t.active}</Badge>}</IndexTable.Cell>
          <IndexTable.Cell>{row.revokedAt ? null : <RevokeButton row={row} />}</IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
