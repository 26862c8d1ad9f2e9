// The merchant's member emails: which are sent, how they look, the SMTP server they go through (the password
// stored sealed, never shown back), a test send, and the outbox of the latest emails (docs/emails.md).
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, IndexTable, Page, Select, Text, TextField } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useState } from "react";
import { z } from "zod";
import { emailsPage, type EmailSettingsForm, type OutboxRow } from "~/admin/emails/emails-page.server";
import { formatDateTime } from "~/admin/format-dates";
import { CheckboxGroup } from "~/admin/checkbox-group";
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

const localeOptions = EMAIL_LOCALES.map((locale) => ({ label: t.locales[locale], value: locale }));

function SettingsForm({ settings }: { settings: EmailSettingsForm }) {
  const [values, setValues] = useState({
    brandColor: settings.brandColor,
    fallbackLocale: settings.fallbackLocale as string,
    withinReachPoints: String(settings.withinReachPoints),
    expiryNoticeDays: String(settings.expiryNoticeDays),
    smtpHost: settings.smtpHost,
    smtpPort: settings.smtpPort,
    smtpSecurity: settings.smtpSecurity as string,
    smtpUser: settings.smtpUser,
    smtpPassword: "",
    fromAddress: settings.fromAddress,
  });
  const [clearPassword, setClearPassword] = useState(false);
  const field = (name: keyof typeof values) => ({ name, value: values[name], onChange: (value: string) => setValues((current) => ({ ...current, [name]: value })) });
  const text = (name: keyof typeof values) => ({ ...field(name), autoComplete: "off" });
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="save" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t.settingsTitle}
          </Text>
          <CheckboxGroup title={t.kindsLabel} name="enabled" values={EMAIL_KINDS} labels={t.kinds} initial={EMAIL_KINDS.filter((kind) => !settings.disabled.includes(kind))} />
          <TextField label={t.brandColorLabel} helpText={t.brandColorHelp} {...text("brandColor")} />
          <Select label={t.fallbackLocaleLabel} options={localeOptions} {...field("fallbackLocale")} />
          <TextField label={t.withinReachLabel} type="number" {...text("withinReachPoints")} />
          <TextField label={t.expiryNoticeLabel} type="number" {...text("expiryNoticeDays")} />
          <Text as="h3" variant="headingSm">
            {t.smtpTitle}
          </Text>
          <Text as="p" tone="subdued">
            {t.smtpHelp}
          </Text>
          <TextField label={t.hostLabel} {...text("smtpHost")} />
          <TextField label={t.portLabel} type="number" {...text("smtpPort")} />
          <Select label={t.securityLabel} options={SMTP_SECURITY.map((value) => ({ label: t.security[value], value }))} {...field("smtpSecurity")} />
          <TextField label={t.userLabel} {...text("smtpUser")} />
          <TextField label={t.passwordLabel} type="password" helpText={settings.passwordSet ? t.passwordSet : t.passwordUnset} {...field("smtpPassword")} autoComplete="new-password" />
          {settings.passwordSet ? <Checkbox label={t.clearPassword} name="clearPassword" value="on" checked={clearPassword} onChange={setClearPassword} /> : null}
          <TextField label={t.fromLabel} type="email" helpText={t.fromHelp} {...text("fromAddress")} />
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

function TestSend() {
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

function Outbox({ rows }: { rows: OutboxRow[] }) {
  const c = t.columns;
  return (
    <IndexTable
      resourceName={{ singular: "email", plural: "emails" }}
      itemCount={rows.length}
      selectable={false}
      headings={[{ title: c.when }, { title: c.kind }, { title: c.to }, { title: c.status }, { title: c.detail }]}
    >
      {rows.map((row, index) => (
        <IndexTable.Row id={row.id} key={row.id} position={index}>
          <IndexTable.Cell>{formatDateTime(row.createdAt)}</IndexTable.Cell>
          <IndexTable.Cell>{t.kindNames[row.kind]}</IndexTable.Cell>
          <IndexTable.Cell>{row.to ?? (row.kind === "friend_invite" ? t.friendAddress : t.noAddress)}</IndexTable.Cell>
          <IndexTable.Cell>
            <Badge tone={row.status === "sent" || row.status === "held" ? "success" : row.status === "failed" ? "critical" : undefined}>{t.statuses[row.status] ?? row.status}</Badge>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <div style={{ whiteSpace: "normal", maxWidth: "34rem" }}>
              <BlockStack gap="100">
                <Text as="p" fontWeight="semibold">
                  {row.subject}
                </Text>
                {row.error ? (
                  <Text as="p" tone="critical">
                    {row.error}
                  </Text>
                ) : null}
                <details>
                  <summary>{t.showMessage}</summary>
                  <iframe title={row.subject} srcDoc={row.html} sandbox="" style={{ width: "100%", height: "26rem", border: 0 }} />
                </details>
              </BlockStack>
            </div>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
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
        <SettingsForm settings={settings} />
        <TestSend />
        <TableCard title={t.outboxTitle} empty={outbox.length === 0 ? t.outboxEmpty : null}>
          <Outbox rows={outbox} />
        </TableCard>
      </BlockStack>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
