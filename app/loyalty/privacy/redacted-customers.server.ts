// Customers erased by customers/redact. Shopify keeps delivering events about them for a while (retries for 48
// hours, orders placed before the erasure), and each of those would bring their name, email and address back;
// the events' handlers ask first (members/member-store.server.ts reads it with the member, upsertMemberUnlessErased)
// and treat an erased customer's personal fields as absent. The one writer of redacted_customers
// (app/db/table-owners.mjs).
//
// What is kept is not the customer id but an HMAC of shop and id under the app's secret: it recognises the id
// when Shopify sends it again, and without the secret the table does not say who was erased — an unkeyed hash of
// a numeric id could be reversed by trying ids (docs/decisions/019-customer-redaction.md).
import { createHmac } from "node:crypto";
import { prismaOf, type Prisma, type TallyDatabase } from "~/db/database.server";
import { env } from "~/env.server";

export function redactedCustomerKey(shop: string, customerId: string, secret: string = env().shopifyApiSecret): string {
  return createHmac("sha256", secret).update(`redacted-customer\n${shop}\n${customerId}`).digest("hex");
}

/** Remembers that the customer was erased; a repeated redaction keeps the first date. */
export async function rememberRedactedCustomer(db: TallyDatabase | Pick<Prisma, "redactedCustomer">, shop: string, customerId: string, now: Date): Promise<void> {
  const customerKey = redactedCustomerKey(shop, customerId);
  await prismaOf(db).redactedCustomer.upsert({
    where: { shop_customerKey: { shop, customerKey } },
    create: { shop, customerKey, redactedAt: now },
    update: {},
  });
}

/** shop/redact: the shop's erased customers are forgotten with the rest of the shop. */
export async function forgetShopRedactedCustomers(db: TallyDatabase | Pick<Prisma, "redactedCustomer">, shop: string): Promise<void> {
  await prismaOf(db).redactedCustomer.deleteMany({ where: { shop } });
}

export async function isRedactedCustomer(prisma: Pick<Prisma, "redactedCustomer">, shop: string, customerId: string): Promise<boolean> {
  const row = await prisma.redactedCustomer.findUnique({
    where: { shop_customerKey: { shop, customerKey: redactedCustomerKey(shop, customerId) } },
    select: { shop: true },
  });
  return row !== null;
}
