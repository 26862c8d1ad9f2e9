// customers/data_request: Shopify asks what Tally holds on a customer. We assemble everything — the member
// profile, balances and every transfer — and store it for the merchant to download and send to the customer.
import { randomUUID } from "node:crypto";
import type { TallyDatabase } from "~/db/database.server";
import type { CustomersDataRequest } from "./compliance-payloads";

export const DATA_EXPORT_FORMAT = "tally-customer-data/1";

export async function recordCustomerDataRequest(db: TallyDatabase, shop: string, request: CustomersDataRequest, now: Date): Promise<{ id: string; found: boolean }> {
  const member = await db.prisma.member.findUnique({
    where: { shop_customerId: { shop, customerId: request.customer.id } },
    include: { balance: true, transfers: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });
  const data = {
    format: DATA_EXPORT_FORMAT,
    shop,
    customerId: request.customer.id,
    shopifyDataRequestId: request.data_request.id,
    ordersRequested: request.orders_requested,
    generatedAt: now.toISOString(),
    member: member
      ? {
          email: member.email,
          firstName: member.firstName,
          lastName: member.lastName,
          accountState: member.accountState,
          tier: member.tier,
          memberSince: member.createdAt.toISOString(),
          redactedAt: member.redactedAt?.toISOString() ?? null,
          balances: member.balance
            ? {
                posted: member.balance.posted,
                pending: member.balance.pendingCredit,
                reserved: member.balance.pendingDebit,
                available: member.balance.available,
                lifetimeEarned: member.balance.lifetimeEarned,
              }
            : null,
          transfers: member.transfers.map((t) => ({
            id: t.id,
            code: t.code,
            points: t.points,
            status: t.status,
            orderId: t.orderId,
            memo: t.memo,
            createdAt: t.createdAt.toISOString(),
          })),
        }
      : null,
  };
  const id = randomUUID();
  await db.prisma.dataRequest.create({
    data: { id, shop, customerId: request.customer.id, export: JSON.stringify(data, null, 2), requestedAt: now },
  });
  return { id, found: member !== null };
}
