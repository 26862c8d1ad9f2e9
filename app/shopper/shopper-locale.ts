// The shopper's language: an explicit `locale` (the extension's or the storefront's), else Accept-Language,
// else English. Tally speaks the languages in SHOPPER_LOCALES; a regional variant falls back to its language.
export const SHOPPER_LOCALES = ["en", "fr", "de", "es"] as const;
export type ShopperLocale = (typeof SHOPPER_LOCALES)[number];

function supported(tag: string): ShopperLocale | null {
  const language = tag.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return (SHOPPER_LOCALES as readonly string[]).includes(language) ? (language as ShopperLocale) : null;
}

export function shopperLocale(explicit: string | null | undefined, acceptLanguage: string | null | undefined): ShopperLocale {
  if (explicit) {
    const chosen = supported(explicit);
    if (chosen) return chosen;
  }
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((value) => value !== undefined);
      return { tag, q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const entry of ranked) {
    const chosen = supported(entry.tag);
    if (chosen) return chosen;
  }
  return "en";
}
