// The Emails page's settings: which emails go, how they look, and the SMTP server (the password never shown back).
import { Form } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { CheckboxGroup } from "~/admin/checkbox-group";
import { emailStrings as t } from "~/admin/strings/emails";
import { EMAIL_KINDS } from "~/loyalty/emails/email-kinds";
import { SMTP_SECURITY } from "~/loyalty/emails/email-settings";
import type { EmailSettingsForm } from "./emails-page.server";
import { localeOptions } from "./locale-options";

export function EmailSettingsCard({ settings }: { settings: EmailSettingsForm }) {
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
