// The merchant's member emails: which are sent, how they look, the SMTP server they go through (the password
// stored sealed, never shown back), a test send, and the outbox of the latest emails (docs/emails.md).
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { z } from "zod";
import { EmailSettingsCard } from "~/admin/emails/email-settings-card";
import { emailsPage } from "~/admin/emails/emails-page.server";
import { OutboxTable } from "~/admin/emails/outbox-table";
import { TestSendCard } from "~/admin/emails/test-send-card";
import { requireStaff } from "~/admin/staff-auth.server";
import { TableCard } from "~/admin/table-card";
import { emailStrings as t } from "~/admin/strings/emails";
import { en } from "~/admin/strings/en";
import { db } from "~/db/db.server";
import { env } from "~/env.server";
import { emailSending } from "~/jobs/email-sending.server";
import { saveEmailSettings, sendTestEmail } from "~/loyalty/emails/email-commands.server";
import { EMAIL_KINDS, EMAIL_LOCALES } from "~/loyalty/emails/email-kinds";
import { SMTP_SECURITY } from "~/loyalty/emails/email-settings";

export const meta: MetaFunction = () => [{ title: `${t.title} · ${en.appName}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  return emailsPage(db().read, shop, emailSending());
}

const optional = (max: number, message: string) => z.string({ error: message }).trim().max(max, { error: message }).transform((value) => (value === "" ? null : value));
const address = z.email({ error: t.problems.from }).max(254, { error: t.problems.from });

const settingsSchema = z
  .object({
    intent: z.literal("save"),
    enabled: z.array(z.enum(EMAIL_KINDS, { error: t.badRequest })),
    brandColor: z.string({ error: t.problems.brandColor }).trim().regex(/^(#[0-9a-fA-F]{6})?$/, { error: t.problems.brandColor }).transform((value) => (value === "" ? null : value.toLowerCase())),
    fallbackLocale: z.enum(EMAIL_LOCALES, { error: t.badRequest }),
    withinReachPoints: z.coerce.number({ error: t.problems.withinReach }).int({ error: t.problems.withinReach }).min(1, { error: t.problems.withinReach }).max(100_000, { error: t.problems.withinReach }),
    expiryNoticeDays: z.coerce.number({ error: t.problems.expiryNotice }).int({ error: t.problems.expiryNotice }).min(1, { error: t.problems.expiryNotice }).max(90, { error: t.problems.expiryNotice }),
    smtpHost: optional(255, t.problems.host).refine((value) => value === null || /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(value), { error: t.problems.host }),
    smtpPort: z.string({ error: t.problems.port }).trim(),
    smtpSecurity: z.enum(SMTP_SECURITY, { error: t.badRequest }),
    smtpUser: optional(255, t.problems.user),
    smtpPassword: z.string({ error: t.problems.password }).max(1000, { error: t.problems.password }).default(""),
    clearPassword: z.literal("on").optional(),
    fromAddress: z.string({ error: t.problems.from }).trim().transform((value) => (value === "" ? null : value)).pipe(address.nullable()),
  })
  .transform((input, context) => {
    // A server is a host, a port and a from address together; none of them is none.
    const port = input.smtpPort === "" ? null : Number(input.smtpPort);
    if (input.smtpHost !== null || input.fromAddress !== null) {
      if (input.smtpHost === null) context.addIssue({ code: "custom", message: t.problems.host });
      if (port === null || !Number.isInteger(port) || port < 1 || port > 65535) context.addIssue({ code: "custom", message: t.problems.port });
      if (input.fromAddress === null) context.addIssue({ code: "custom", message: t.problems.from });
    }
    return { ...input, smtpPort: input.smtpHost === null ? null : port };
  });

const testSchema = z.object({
  intent: z.literal("test"),
  to: z.email({ error: t.problems.testTo }).max(254, { error: t.problems.testTo }),
  locale: z.enum(EMAIL_LOCALES, { error: t.badRequest }),
});

type ActionResult = { ok: boolean; message: string };

export async function action({ request }: ActionFunctionArgs) {
  const { shop, staff } = await requireStaff(request);
  const form = await request.formData();
  const fields = Object.fromEntries(form);
  const now = new Date();
  if (fields.intent === "test") {
    const parsed = testSchema.safeParse(fields);
    if (!parsed.success) return data<ActionResult>({ ok: false, message: parsed.error.issues[0]?.message ?? t.badRequest }, { status: 400 });
    const outcome = await sendTestEmail(db(), { shop, to: parsed.data.to, locale: parsed.data.locale, sending: emailSending(), now });
    if (!outcome.ok) return data<ActionResult>({ ok: false, message: outcome.error === "no_smtp" ? t.noSmtp : t.testFailed(outcome.error) }, { status: outcome.error === "no_smtp" ? 409 : 502 });
    return data<ActionResult>({ ok: true, message: outcome.held ? t.testHeld(parsed.data.to) : t.testSent(parsed.data.to) });
  }
  const parsed = settingsSchema.safeParse({ ...fields, enabled: form.getAll("enabled") });
  if (!parsed.success) return data<ActionResult>({ ok: false, message: parsed.error.issues[0]?.message ?? t.badRequest }, { status: 400 });
  const input = parsed.data;
  await saveEmailSettings(db(), {
    shop,
    staff,
    appSecret: env().shopifyApiSecret,
    now,
    settings: {
      disabled: EMAIL_KINDS.filter((kind) => !input.enabled.includes(kind)),
      brandColor: input.brandColor,
      fallbackLocale: input.fallbackLocale,
      withinReachPoints: input.withinReachPoints,
      expiryNoticeDays: input.expiryNoticeDays,
      smtpHost: input.smtpHost,
      smtpPort: input.smtpPort,
      smtpSecurity: input.smtpSecurity,
      smtpUser: input.smtpUser,
      smtpPassword: input.smtpPassword,
      clearPassword: input.clearPassword === "on",
      fromAddress: input.fromAddress,
    },
  });
  return data<ActionResult>({ ok: true, message: t.saved });
}

export default function Emails() {
  const { settings, outbox, outboxMode } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Page title={t.title}>
      <BlockStack gap="400">
        <Text as="p">{t.intro}</Text>
        {outboxMode ? <Banner tone="info" title={t.outboxNotice} /> : null}
        {result ? <Banner tone={result.ok ? "success" : "critical"} title={result.message} /> : null}
        <EmailSettingsCard settings={settings} />
        <TestSendCard />
        <TableCard title={t.outboxTitle} empty={outbox.length === 0 ? t.outboxEmpty : null}>
          <OutboxTable rows={outbox} />
        </TableCard>
      </BlockStack>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
