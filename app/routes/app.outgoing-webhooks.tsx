// The merchant's outgoing webhooks: endpoints registered for loyalty events (the secret shown once, at creation),
// enabled, disabled, deleted, and the deliveries that failed, each with a retry; and the Shopify Flow triggers
// Shopify did not take.
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Page, Text, TextField } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useState } from "react";
import { z } from "zod";
import { EndpointsTable, WebhookDeliveriesTable } from "~/admin/outgoing-webhooks/outgoing-webhook-tables";
import { outgoingWebhooksPage } from "~/admin/outgoing-webhooks/outgoing-webhooks.server";
import { FlowSendsCard } from "~/admin/flow/flow-sends-table";
import { troubledFlowSends } from "~/admin/flow/flow-sends.server";
import { CheckboxGroup } from "~/admin/checkbox-group";
import { requireStaff } from "~/admin/staff-auth.server";
import { TableCard } from "~/admin/table-card";
import { en } from "~/admin/strings/en";
import { outgoingWebhookStrings as t } from "~/admin/strings/outgoing-webhooks";
import { db } from "~/db/db.server";
import { env } from "~/env.server";
import { EVENT_TYPES } from "~/loyalty/events/loyalty-events";
import { createEndpoint, deleteEndpoint, retryWebhookDelivery, setEndpointEnabled } from "~/loyalty/outgoing-webhooks/endpoint-commands.server";

export const meta: MetaFunction = () => [{ title: `${t.title} · ${en.appName}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  return { ...(await outgoingWebhooksPage(db().read, shop)), flowSends: await troubledFlowSends(db().read, shop) };
}

const id = z.string({ error: t.badRequest }).min(1, { error: t.badRequest }).max(100, { error: t.badRequest });
const actionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("create"),
      url: z.string({ error: t.urlProblems.invalid_url }).max(2000, { error: t.urlProblems.invalid_url }),
      events: z.array(z.enum(EVENT_TYPES, { error: t.badEvent })).min(1, { error: t.noEvent }),
    }),
    z.object({ intent: z.enum(["enable", "disable", "delete", "retry"]), id }),
  ],
  { error: t.badRequest },
);

type ActionResult = { ok: boolean; message: string; secret?: string };

export async function action({ request }: ActionFunctionArgs) {
  const { shop, staff } = await requireStaff(request);
  const form = await request.formData();
  const parsed = actionSchema.safeParse({ ...Object.fromEntries(form), events: form.getAll("events") });
  if (!parsed.success) return data<ActionResult>({ ok: false, message: parsed.error.issues[0]?.message ?? t.badRequest }, { status: 400 });
  const input = parsed.data;
  const now = new Date();
  switch (input.intent) {
    case "create": {
      const outcome = await createEndpoint(db(), {
        shop,
        staff,
        url: input.url,
        events: [...new Set(input.events)],
        policy: { allowLoopback: env().webhooksAllowLoopback },
        signingKey: env().shopifyApiSecret,
        now,
      });
      if (!outcome.ok) return data<ActionResult>({ ok: false, message: outcome.error === "too_many" ? t.tooMany : t.urlProblems[outcome.error] }, { status: outcome.error === "too_many" ? 409 : 400 });
      return data<ActionResult>({ ok: true, message: t.created, secret: outcome.secret });
    }
    case "enable":
    case "disable": {
      const outcome = await setEndpointEnabled(db(), { shop, staff, id: input.id, enabled: input.intent === "enable", now });
      if (!outcome.ok) return data<ActionResult>({ ok: false, message: t.notFound }, { status: 404 });
      return data<ActionResult>({ ok: true, message: input.intent === "enable" ? t.enabledMessage(outcome.url) : t.disabledMessage(outcome.url) });
    }
    case "delete": {
      const outcome = await deleteEndpoint(db(), { shop, staff, id: input.id, now });
      if (!outcome.ok) return data<ActionResult>({ ok: false, message: t.notFound }, { status: 404 });
      return data<ActionResult>({ ok: true, message: t.deletedMessage(outcome.url) });
    }
    case "retry": {
      const outcome = await retryWebhookDelivery(db(), { shop, staff, id: input.id, now });
      if (!outcome.ok) return data<ActionResult>({ ok: false, message: outcome.error === "not_found" ? t.notFound : t.notFailed }, { status: outcome.error === "not_found" ? 404 : 409 });
      return data<ActionResult>({ ok: true, message: t.retried(outcome.eventId) });
    }
  }
}

function AddEndpoint() {
  const [url, setUrl] = useState("");
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="create" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t.add}
          </Text>
          <TextField label={t.urlLabel} name="url" type="url" value={url} onChange={setUrl} helpText={t.urlHelp} autoComplete="off" />
          <CheckboxGroup title={t.eventsLabel} name="events" values={EVENT_TYPES} labels={t.events} initial={EVENT_TYPES} />
          <div>
            <Button submit variant="primary">
              {t.save}
            </Button>
          </div>
        </BlockStack>
      </Form>
    </Card>
  );
}

export default function OutgoingWebhooks() {
  const { endpoints, deliveries, flowSends } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Page title={t.title}>
      <BlockStack gap="400">
        <Text as="p">{t.intro}</Text>
        {result ? (
          <Banner tone={result.ok ? "success" : "critical"} title={result.message}>
            {result.secret ? (
              <p>
                {t.secretLabel}: <code data-secret>{result.secret}</code>
              </p>
            ) : null}
          </Banner>
        ) : null}
        <AddEndpoint />
        <TableCard title={t.endpointsTitle} empty={endpoints.length === 0 ? t.noEndpoints : null}>
          <EndpointsTable rows={endpoints} />
        </TableCard>
        <TableCard title={t.deliveriesTitle} empty={deliveries.length === 0 ? t.noDeliveries : null}>
          <WebhookDeliveriesTable rows={deliveries} />
        </TableCard>
        <FlowSendsCard rows={flowSends} />
      </BlockStack>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
