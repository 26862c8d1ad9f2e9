// A process that redeems a reward with the app's own code (redeemReward) and is killed mid-way by the test: its
// Shopify never answers the discount mutation, so the process is inside the redemption, after the points were
// held and the row was written, when "shopify-called" appears on stdout. Run with cwd = the repo root:
// `tsx test/support/redeem-worker.ts '<job json>'`, DATABASE_URL in the environment.
import { openDatabase } from "~/db/database.server";
import { findShop } from "~/loyalty/program/shop-store.server";
import { redeemReward } from "~/loyalty/redemption/redeem-reward.server";

interface RedeemJob {
  shop: string;
  customerId: string;
  rewardId: string;
  requestId: string;
}

async function main() {
  const job = JSON.parse(process.argv[2] ?? "") as RedeemJob;
  const db = openDatabase(process.env.DATABASE_URL ?? "");
  const shop = await findShop(db.prisma, job.shop);
  if (!shop) throw new Error(`redeem-worker: no shop ${job.shop}`);
  // A Shopify that took the request and never answers: the test kills this process while it waits.
  const stalledShopify = async () => ({
    graphql: () => {
      process.stdout.write("shopify-called\n");
      return new Promise<never>(() => {});
    },
  });
  await redeemReward(db, stalledShopify, { ...job, shop, now: new Date() });
  process.stdout.write("finished\n");
  await db.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
