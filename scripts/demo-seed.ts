// Seeds the demo shop (TALLY_DEMO_SHOP) in the database DATABASE_URL names (default: the SQLite file
// data/tally.sqlite). Run the migrations first (tsx scripts/db/migrate.ts); `npm run demo` does both.
// Safe to run again: the second run changes nothing.
//   npx tsx scripts/demo-seed.ts
import path from "node:path";
import { openDatabase } from "~/db/database.server";
import { seedDemoShop } from "~/demo/demo-seed.server";
import { env, EnvError } from "~/env.server";

const root = path.resolve(import.meta.dirname, "..");

async function main() {
  const { databaseUrl, demoShop } = env();
  const db = openDatabase(databaseUrl, { root });
  try {
    const summary = await seedDemoShop(db, { shop: demoShop, now: new Date() });
    const tiers = Object.entries(summary.tiers)
      .map(([tier, count]) => `${tier} ${count}`)
      .join(", ");
    console.log(
      `Seeded ${summary.shop}: ${summary.members} members (${tiers}), ${summary.orders} orders, ${summary.referrals} referrals, ${summary.transfers} transfers (${summary.written} new this run).`,
    );
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
