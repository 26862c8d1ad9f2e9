// Before the Program page saves rules that name new collections (excluded from earning, or a campaign's), their
// products are listed with the Admin API, so the first order after the save counts them. A collection Shopify does
// not have is refused next to its field; Shopify out of reach refuses the save (409): nothing is written either way.
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import type { CollectionListing } from "~/loyalty/collections/collection-store.server";
import { namedCollections } from "~/loyalty/collections/named-collections";
import { listNewlyNamedCollections } from "~/loyalty/collections/refresh-collections.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { log } from "~/operations/logger.server";
import { unauthenticated } from "~/shopify.server";
import { programStrings } from "~/admin/strings/program";
import type { FieldErrors } from "./program-form";

export type CollectionsListed = { ok: true; listings: CollectionListing[] } | { ok: false; status: 400 | 409; errors: FieldErrors };

export async function namedCollectionsListed(
  context: { shop: string; admin: AdminApiContext | null },
  before: ProgramRules,
  after: ProgramRules,
  field: string,
): Promise<CollectionsListed> {
  const known = new Set(namedCollections(before));
  if (namedCollections(after).every((id) => known.has(id))) return { ok: true, listings: [] };
  let listings: CollectionListing[];
  try {
    const admin = context.admin ?? (await unauthenticated.admin(context.shop)).admin;
    listings = await listNewlyNamedCollections(admin, before, after);
  } catch (error) {
    log().warn({ shop: context.shop, err: error }, "listing a collection's products failed");
    return { ok: false, status: 409, errors: { [field]: programStrings.errors.collectionsUnchecked } };
  }
  const gone = listings.find((listing) => listing.title === null);
  if (gone) return { ok: false, status: 400, errors: { [field]: programStrings.errors.collectionGone(gone.collectionId.replace(/^gid:\/\/shopify\/Collection\//, "")) } };
  return { ok: true, listings };
}
