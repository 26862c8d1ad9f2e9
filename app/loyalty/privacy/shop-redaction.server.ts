// shop/redact: 48 hours after a shop uninstalls, Shopify asks us to delete everything we hold for it. The ledger
// is erased through its writer (the only deletion it allows), then the rest. Each step is idempotent, so a
// retried delivery after a crash half-way finishes the job.
import type { TallyDatabase } from "~/db/database.server";
import { eraseShopRedemptions } from "~/loyalty/redemption/redemption-store.server";
import { deleteShopOrders } from "~/loyalty/earning/order-rollups.server";

export interface ShopRedactionReport {
  transfers: number;
  balances: number;
  auditEvents: number;
  imports: number;
  orders: number;
  members: number;
  dataRequests: number;
  sessions: number;
  shops: number;
}

export async function redactShop(db: TallyDatabase, shop: string): Promise<ShopRedactionReport> {
  const ledger = await db.ledger.eraseShopLedger(shop);
  const dataRequests = await db.prisma.dataRequest.deleteMany({ where: { shop } });
  const imports = await db.prisma.importRun.deleteMany({ where: { shop } });
  // Orders keep buyers' normalised emails and address keys; referrals, reward codes and deliveries name
  // customers too. The orders go with the rollups their writer keeps.
  const orders = { count: await deleteShopOrders(db, shop) };
  await db.prisma.orderRefund.deleteMany({ where: { shop } });
  await db.prisma.referral.deleteMany({ where: { shop } });
  await eraseShopRedemptions(db.prisma, shop);
  await db.prisma.webhookDelivery.deleteMany({ where: { shop } });
  await db.prisma.redactedCustomer.deleteMany({ where: { shop } });
  // The referrals' triggers moved nothing once the orders were gone; their sums go too.
  await db.prisma.referralDaily.deleteMany({ where: { shop } });
  const members = await db.prisma.member.deleteMany({ where: { shop } });
  const sessions = await db.prisma.session.deleteMany({ where: { shop } });
  const shops = await db.prisma.shop.deleteMany({ where: { domain: shop } });
  return {
    ...ledger,
    members: members.count,
    dataRequests: dataRequests.count,
    imports: imports.count,
    orders: orders.count,
    sessions: sessions.count,
    shops: shops.count,
  };
}
