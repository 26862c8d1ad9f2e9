// The four languages of member emails, as the Emails page's selects offer them.
import { emailStrings as t } from "~/admin/strings/emails";
import { EMAIL_LOCALES } from "~/loyalty/emails/email-kinds";

export const localeOptions = EMAIL_LOCALES.map((locale) => ({ label: t.locales[locale], value: locale }));
