// The locale Intl formats numbers in. The strings' own language decides the plural rules, so it wins; the
// storefront's request locale only refines it with a region ("fr-CA" for French strings on a Canadian storefront).
// A storefront in a language the widget has no strings for gets the default (English) strings, in English.

export function intlLocale(messagesLocale: string, requestLocale: string | undefined): string {
  const language = (tag: string) => tag.toLowerCase().split(/[-_]/)[0];
  if (requestLocale && language(requestLocale) === language(messagesLocale)) {
    try {
      return Intl.getCanonicalLocales(requestLocale.replace("_", "-"))[0] ?? messagesLocale;
    } catch {
      return messagesLocale;
    }
  }
  return messagesLocale;
}
