// What the privacy webhooks erase of orders, written by the orders' owner (app/db/table-owners.mjs) through the
// order writer's rollups (order-rollups.server.ts): customers/redact takes the customer out of their orders,
// shop/redact deletes the shop's orders, refunds and the sums kept from them (docs/decisions/019-customer-redaction.md).
import type { TallyDatabase } from "~/db/database.server";
import { deleteShopOrders, writeOrders } from "./order-rollups.server";

/** The customer's orders, and the orders Shopify names, keep their amounts and lose who bought them. */
export async function anonymizeCustomerOrders(db: TallyDatabase, shop: string, customer: { customerId: string; orderIds: readonly string[] }, pseudonym: string): Promise<void> {
  const theirs = { shop, OR: [{ customerId: customer.customerId }, { orderId: { in: [...customer.orderIds] } }] };
  const orderIds = (await db.prisma.loyaltyOrder.findMany({ where: theirs, select: { orderId: true } })).map((order) => order.orderId);
  await writeOrders(db, shop, orderIds, (tx) =>
    tx.prisma.loyaltyOrder.updateMany({ where: { shop, orderId: { in: orderIds } }, data: { customerId: pseudonym, emailKey: null, shippingAddressKey: null, customerTags: null } }),
  );
}

/** An order's referral code and discount codes, with an erased advocate's old code replaced. */
export async function replaceOrderCodes(db: TallyDatabase, shop: string, orderId: string, codes: { referralCode: string | null; discountCodes: string }): Promise<void> {
  await writeOrders(db, shop, [orderId], (tx) => tx.prisma.loyaltyOrder.update({ where: { shop_orderId: { shop, orderId } }, data: codes }));
}

/** The shop's orders with every rollup row they made, and their refunds; returns how many orders. */
export async function eraseShopOrders(db: TallyDatabase, shop: string): Promise<number> {
  const orders = await deleteShopOrders(db, shop);
  await db.prisma.orderRefund.deleteMany({ where: { shop } });
  return orders;
}

/** The referred orders' sums (referrals/referral-rollups.server.ts), once the shop's referrals are gone. */
export async function eraseShopReferralSums(db: TallyDatabase, shop: string): Promise<void> {
  await db.prisma.referralDaily.deleteMany({ where: { shop } });
}
