// What the privacy webhooks erase of orders, written by the orders' owner (app/db/table-owners.mjs): customers/redact
// takes the customer out of their orders, shop/redact deletes the shop's orders, refunds and the dashboard's sums
// kept from them (docs/decisions/019-customer-redaction.md).
import { prismaOf, type Writer } from "~/db/database.server";

/** The customer's orders, and the orders Shopify names, keep their amounts and lose who bought them. */
export async function anonymizeCustomerOrders(db: Writer, shop: string, customer: { customerId: string; orderIds: readonly string[] }, pseudonym: string): Promise<void> {
  await prismaOf(db).loyaltyOrder.updateMany({
    where: { shop, OR: [{ customerId: customer.customerId }, { orderId: { in: [...customer.orderIds] } }] },
    data: { customerId: pseudonym, emailKey: null, shippingAddressKey: null },
  });
}

/** An order's referral code and discount codes, with an erased advocate's old code replaced. */
export async function replaceOrderCodes(db: Writer, shop: string, orderId: string, codes: { referralCode: string | null; discountCodes: string }): Promise<void> {
  await prismaOf(db).loyaltyOrder.update({ where: { shop_orderId: { shop, orderId } }, data: codes });
}

/** The shop's orders and refunds; returns how many orders. Their triggers keep the daily sums, erased after. */
export async function eraseShopOrders(db: Writer, shop: string): Promise<number> {
  const prisma = prismaOf(db);
  const orders = await prisma.loyaltyOrder.deleteMany({ where: { shop } });
  await prisma.orderRefund.deleteMany({ where: { shop } });
  return orders.count;
}

/**
 * The dashboard's sums kept from orders and referrals. Last: deleting an order or a referral updates them by
 * trigger (docs/decisions/017-customer-cover-rollups.md).
 */
export async function eraseShopOrderRollups(db: Writer, shop: string): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.orderDaily.deleteMany({ where: { shop } });
  await prisma.shopperOrderDay.deleteMany({ where: { shop } });
  await prisma.customerGain.deleteMany({ where: { shop } });
  await prisma.customerLapse.deleteMany({ where: { shop } });
  await prisma.referralDaily.deleteMany({ where: { shop } });
}
