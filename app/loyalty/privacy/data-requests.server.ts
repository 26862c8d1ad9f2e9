// Customers' data requests (customers/data_request): the export Tally assembled, kept for the merchant to download.
// The one writer of data_requests (app/db/table-owners.mjs).
import { prismaOf, type Writer } from "~/db/database.server";

export interface StoredDataRequest {
  id: string;
  shop: string;
  customerId: string;
  /** The export, as the JSON text staff download. */
  export: string;
  requestedAt: Date;
}

export async function storeDataRequest(db: Writer, request: StoredDataRequest): Promise<void> {
  await prismaOf(db).dataRequest.create({ data: request });
}

/** customers/redact: the customer's stored exports go. */
export async function eraseCustomerDataRequests(db: Writer, shop: string, customerId: string): Promise<void> {
  await prismaOf(db).dataRequest.deleteMany({ where: { shop, customerId } });
}

/** shop/redact: every stored export of the shop; returns how many. */
export async function eraseShopDataRequests(db: Writer, shop: string): Promise<number> {
  return (await prismaOf(db).dataRequest.deleteMany({ where: { shop } })).count;
}
