// Updates from Shopify that Tally could not apply after all its attempts, with a way to retry each one.
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, EmptyState, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { z } from "zod";
import { listFailedDeliveries, retryDelivery } from "~/admin/failed-deliveries/failed-deliveries.server";
import { FailedDeliveriesTable } from "~/admin/failed-deliveries/failed-deliveries-table";
import { formatCount } from "~/admin/format";
import { requireStaff } from "~/admin/staff-auth.server";
import { deliveriesStrings as t } from "~/admin/strings/deliveries";
import { en } from "~/admin/strings/en";
import { db } from "~/db/db.server";
import { env } from "~/env.server";
import { kickDeliveryWorker } from "~/webhooks/delivery-worker.server";

export const meta: MetaFunction = () => [{ title: `${t.title} · ${en.appName}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  return listFailedDeliveries(db().read, shop);
}

const retrySchema = z.object({
  intent: z.literal("retry", { error: t.notFound }),
  deliveryId: z.string({ error: t.notFound }).min(1, { error: t.notFound }).max(255, { error: t.notFound }),
});

type ActionResult = { ok: boolean; message: string };

export async function action({ request }: ActionFunctionArgs) {
  const { shop, staff } = await requireStaff(request);
  const parsed = retrySchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data<ActionResult>({ ok: false, message: parsed.error.issues[0]?.message ?? t.notFound }, { status: 400 });
  const outcome = await retryDelivery(db(), { shop, id: parsed.data.deliveryId, staff, now: new Date() });
  if (!outcome.ok) {
    return outcome.error === "not_found"
      ? data<ActionResult>({ ok: false, message: t.notFound }, { status: 404 })
      : data<ActionResult>({ ok: false, message: t.notFailed }, { status: 409 });
  }
  if (env().backgroundJobs) kickDeliveryWorker(db());
  return data<ActionResult>({ ok: true, message: t.retried(outcome.subject) });
}

export default function FailedDeliveries() {
  const { rows, total } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Page title={t.title}>
      <BlockStack gap="400">
        <Text as="p">{t.intro}</Text>
        {result ? <Banner tone={result.ok ? "success" : "critical"} title={result.message} /> : null}
        <Card padding="0">
          {rows.length === 0 ? (
            <EmptyState heading={t.empty} image="">
              <p>{t.emptyHelp}</p>
            </EmptyState>
          ) : (
            <FailedDeliveriesTable rows={rows} />
          )}
        </Card>
        {total > rows.length ? (
          <Text as="p" tone="subdued">
            {t.more(formatCount(rows.length), formatCount(total))}
          </Text>
        ) : null}
      </BlockStack>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
