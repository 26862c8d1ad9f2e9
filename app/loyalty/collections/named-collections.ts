// Which collections' products Tally must know (docs/decisions/042-bonus-campaigns-and-collections.md): those the
// program excludes from eligible spend and those its campaigns are limited to. collection_products holds exactly
// these; a collection no longer named is forgotten when the program is saved or the job refreshes.
import type { ProgramRules } from "../program/program-rules";

export function namedCollections(rules: Pick<ProgramRules, "earn" | "campaigns">): string[] {
  return [...new Set([...rules.earn.excludedCollectionIds, ...rules.campaigns.flatMap((campaign) => campaign.collectionIds)])].sort();
}

/** "gid://shopify/Product/123" → "123", as order and refund webhooks name products; null for anything else. */
export function productNumber(gid: string): string | null {
  return /^gid:\/\/shopify\/Product\/(\d{1,20})$/.exec(gid)?.[1] ?? null;
}
