// The shop's keys for the public API (/api/v1): create one (shown once), revoke one, and the latest calls.
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, EmptyState, Layout, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { ApiCallsTable } from "~/admin/api-keys/api-calls-table";
import { apiKeyFormSchema } from "~/admin/api-keys/api-key-form";
import { loadApiKeysPage } from "~/admin/api-keys/api-keys-query.server";
import { ApiKeysTable } from "~/admin/api-keys/api-keys-table";
import { NewKeyCard } from "~/admin/api-keys/new-key-card";
import { requireStaff } from "~/admin/staff-auth.server";
import { apiKeyStrings as t } from "~/admin/strings/api-keys";
import { en } from "~/admin/strings/en";
import { db } from "~/db/db.server";
import { createApiKey, revokeApiKey } from "~/loyalty/api-access/api-key-store.server";

export const meta: MetaFunction = () => [{ title: `${t.title} · ${en.appName}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  return loadApiKeysPage(db().read, shop);
}

type ActionResult =
  | { intent: "create"; ok: true; name: string; key: string }
  | { intent: "create"; ok: false; errors: { name?: string; scope?: string } }
  | { intent: "revoke"; ok: boolean; message: string };

export async function action({ request }: ActionFunctionArgs) {
  const { shop, staff } = await requireStaff(request);
  const parsed = apiKeyFormSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const errors: { name?: string; scope?: string } = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((field === "name" || field === "scope") && !errors[field]) errors[field] = issue.message;
    }
    return data<ActionResult>(errors.name || errors.scope ? { intent: "create", ok: false, errors } : { intent: "revoke", ok: false, message: t.notFound }, { status: 400 });
  }
  const form = parsed.data;
  if (form.intent === "create") {
    const { key, record } = await createApiKey(db(), { shop, name: form.name, scope: form.scope, staff, now: new Date() });
    // The only time the key leaves the server: this answer, never cached.
    return data<ActionResult>({ intent: "create", ok: true, name: record.name, key }, { headers: { "Cache-Control": "no-store" } });
  }
  const revoked = await revokeApiKey(db(), { shop, id: form.keyId, staff, now: new Date() });
  if (revoked.ok) return data<ActionResult>({ intent: "revoke", ok: true, message: t.revokedTitle(revoked.record.name) });
  return revoked.error === "not_found"
    ? data<ActionResult>({ intent: "revoke", ok: false, message: t.notFound }, { status: 404 })
    : data<ActionResult>({ intent: "revoke", ok: false, message: t.alreadyRevoked }, { status: 409 });
}

export default function ApiKeys() {
  const { keys, calls, retentionDays } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const created = result?.intent === "create" && result.ok ? { name: result.name, key: result.key } : undefined;
  return (
    <Page title={t.title}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="200">
            <Text as="p">{t.intro}</Text>
            <Text as="p" tone="subdued">
              {t.docs}
            </Text>
          </BlockStack>
        </Layout.Section>
        {result?.intent === "revoke" ? (
          <Layout.Section>
            <Banner tone={result.ok ? "success" : "critical"} title={result.message} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <NewKeyCard key={created?.key ?? "form"} created={created} errors={result?.intent === "create" && !result.ok ? result.errors : undefined} />
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            {keys.length === 0 ? (
              <EmptyState heading={t.empty} image="">
                <p>{t.emptyHelp}</p>
              </EmptyState>
            ) : (
              <ApiKeysTable rows={keys} />
            )}
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <BlockStack gap="200">
              <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
                <Text as="h2" variant="headingMd">
                  {t.callsHeading}
                </Text>
                <Text as="p" tone="subdued">
                  {t.callsIntro(retentionDays)}
                </Text>
              </div>
              {calls.length === 0 ? (
                <div style={{ padding: "var(--p-space-400)" }}>
                  <Text as="p">{t.noCalls}</Text>
                </div>
              ) : (
                <ApiCallsTable rows={calls} />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
