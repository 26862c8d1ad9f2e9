// customers/redact: erase the customer's personal data. The member row keeps its id, tier and balances and the
// transfers stay as they are (they hold points, codes and order ids, nothing personal), so the program's
// accounting still balances; name, email and the customer id that links them to a person are removed. The
// customer's orders (theirs by customer id, and those Shopify names) lose the customer id and the normalized email
// and address keys the referral checks compare; the shoppers' order days the dashboard keeps from them follow, by
// trigger (docs/decisions/017-customer-cover-rollups.md).
import { createHash } from "node:crypto";
import type { TallyDatabase } from "~/db/database.server";
import type { CustomersRedact } from "./compliance-payloads";

/** A stand-in for the customer id that still keeps (shop, customer) unique without naming the customer. */
function anonymousCustomerId(shop: string, customerId: string): string {
  return `redacted:${createHash("sha256").update(`${shop}:${customerId}`).digest("hex").slice(0, 24)}`;
}

export async function redactCustomer(db: TallyDatabase, shop: string, request: CustomersRedact, now: Date): Promise<{ redacted: boolean }> {
  const { count } = await db.prisma.member.updateMany({
    where: { shop, customerId: request.customer.id },
    data: {
      customerId: anonymousCustomerId(shop, request.customer.id),
      email: null,
      firstName: null,
      lastName: null,
      redactedAt: now,
    },
  });
  await db.prisma.loyaltyOrder.updateMany({
    where: { shop, OR: [{ customerId: request.customer.id }, { orderId: { in: request.orders_to_redact } }] },
    data: { customerId: anonymousCustomerId(shop, request.customer.id), emailKey: null, shippingAddressKey: null },
  });
  await db.prisma.dataRequest.deleteMany({ where: { shop, customerId: request.customer.id } });
  return { redacted: count > 0 };
}
