// Shopify customer tags as the program compares them. Shopify's REST payloads give a customer's tags as one string
// ("VIP, Wholesale"); Tally keeps them lower-cased and joined by ", " so one stored form compares with any casing
// the merchant types on the Program page.

/** The tags Shopify sent, in Tally's stored form; null when there are none. */
export function normalizeTags(tags: string | readonly string[] | null | undefined): string | null {
  const list = (typeof tags === "string" ? tags.split(",") : (tags ?? [])).map((tag) => tag.trim().toLowerCase()).filter(Boolean);
  return list.length > 0 ? [...new Set(list)].sort().join(", ") : null;
}

/** The stored tags as a list. */
export function tagList(stored: string | null | undefined): string[] {
  return stored ? stored.split(", ").filter(Boolean) : [];
}

/** The first of the program's excluded tags the customer carries, or null when none. */
export function excludedTagOf(stored: string | null | undefined, excluded: readonly string[] | undefined): string | null {
  if (!stored || !excluded || excluded.length === 0) return null;
  const carried = new Set(tagList(stored));
  return excluded.find((tag) => carried.has(tag.trim().toLowerCase())) ?? null;
}
