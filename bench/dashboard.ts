// The dashboard's loader query (loadDashboard) on SQLite at 100,000 members, 1,000,000 transfers and 350,000
// orders, for every period preset and a custom range: seeds a shop with raw SQL (the ledger's daily sums filled by
// the same statement the migration backfills them with; the order rollups rebuilt from the orders by
// rebuildOrderRollups, from the one definition of a counted order), then times the query.
// Figures are printed, never asserted; those measured so far are in docs/decisions/014-live-dashboard-rollups.md.
//
//   bash scripts/run.sh tsx bench/dashboard.ts [--members 100000] [--runs 20] [--file /tmp/dashboard.sqlite]
//
// With --file the seeded database is kept there and reused by the next run (delete it to seed again).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadDashboard } from "~/admin/dashboard/dashboard-query.server";
import { periodQuerySchema, resolvePeriod } from "~/admin/dashboard/dashboard-period";
import { openDatabase, openSqlite } from "~/db/database.server";
import { migrateSqlite } from "~/db/migrations.server";
import { rebuildOrderRollups } from "~/loyalty/earning/order-rollups-rebuild.server";
import { timestampText } from "~/db/sqlite-timestamp";
import { upsertShop } from "~/loyalty/program/shop-store.server";

const ROOT = path.resolve(import.meta.dirname, "..");
const SHOP = "bench-dashboard.myshopify.com";
const DAY_MS = 86_400_000;

const { values: flags } = parseArgs({
  options: {
    members: { type: "string", default: "100000" },
    runs: { type: "string", default: "20" },
    file: { type: "string" },
  },
});
const MEMBERS = Number(flags.members);
const RUNS = Number(flags.runs);
/** Per member: ten transfers over the last year, three orders over the last two; plus guest checkouts. */
const TRANSFERS_PER_MEMBER = 10;
const ORDERS_PER_MEMBER = 3;
const GUEST_ORDERS = MEMBERS / 2;
const CODES = ["PURCHASE", "PURCHASE", "PURCHASE", "PURCHASE", "REDEMPTION", "SIGNUP_BONUS", "REFUND_REVERSAL", "PURCHASE", "REFERRAL_ADVOCATE", "EXPIRY"];

function seed(file: string, now: number): void {
  const raw = openSqlite(file);
  let state = 1;
  const random = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const at = (days: number) => timestampText(new Date(now - Math.floor(random() * days * DAY_MS)));
  const member = raw.prepare("INSERT INTO members (id, shop, customer_id, tier, created_at, updated_at, referral_code) VALUES (?, ?, ?, 'member', ?, ?, ?)");
  const balance = raw.prepare(
    "INSERT INTO balances (member_id, shop, posted, pending_credit, pending_debit, available, lifetime_earned, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?)",
  );
  const transfer = raw.prepare(
    "INSERT INTO transfers (id, shop, member_id, code, points, status, idempotency_key, fingerprint, actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'f', 'system', ?)",
  );
  const order = raw.prepare(
    `INSERT INTO orders (shop, order_id, customer_id, member_id, paid_at, eligible_minor, refunded_minor, cancelled_at, test, email_key, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const referral = raw.prepare(
    "INSERT INTO referrals (id, shop, advocate_member_id, order_id, code, status, reason, created_at, updated_at) VALUES (?, ?, ?, ?, 'CODE', ?, ?, ?, ?)",
  );
  raw.transaction(() => {
    let transfers = 0;
    let orders = 0;
    for (let n = 0; n < MEMBERS; n++) {
      const id = `m${n}`;
      const joined = at(730);
      member.run(id, SHOP, String(n), joined, joined, `C${n}`);
      // Balances as the ledger writer would keep them from these transfers (the first one of every tenth member
      // is a pending credit).
      let posted = 0;
      let pending = 0;
      let earned = 0;
      for (let k = 0; k < TRANSFERS_PER_MEMBER; k++) {
        const code = CODES[k % CODES.length] ?? "PURCHASE";
        const points = code === "REDEMPTION" || code === "EXPIRY" || code === "REFUND_REVERSAL" ? -50 : 100;
        const status = k === 0 && n % 10 === 0 ? "pending" : "posted";
        transfer.run(`t${transfers}`, SHOP, id, code, points, status, `k${transfers}`, at(365));
        if (status === "pending") pending += points;
        else posted += points;
        if (status === "posted" && points > 0) earned += points;
        transfers++;
      }
      balance.run(id, SHOP, posted, pending, posted, earned, joined);
      for (let k = 0; k < ORDERS_PER_MEMBER; k++) {
        const paid = at(730);
        const refunded = orders % 20 === 0 ? 1000 : 0;
        const cancelled = orders % 50 === 0 ? paid : null;
        order.run(SHOP, `o${orders}`, String(n), id, paid, 5000 + Math.floor(random() * 10_000), refunded, cancelled, orders % 97 === 0 ? 1 : 0, null, paid, paid);
        if (random() < 0.05) {
          const rejected = random() < 0.5;
          referral.run(`r${orders}`, SHOP, `m${Math.floor(random() * MEMBERS)}`, `o${orders}`, rejected ? "rejected" : "rewarded", rejected ? "same_email" : null, paid, paid);
        }
        orders++;
      }
    }
    for (let g = 0; g < GUEST_ORDERS; g++) {
      const paid = at(730);
      order.run(SHOP, `g${g}`, null, null, paid, 3000, 0, null, 0, `guest${g % (GUEST_ORDERS * 0.6)}@example.com`, paid, paid);
    }
  })();
  // The migration's backfill statement: the ledger's daily sums from the transfers just written.
  raw.exec(`INSERT INTO ledger_daily (shop, day, code, status, points, transfers)
            SELECT shop, substr(created_at, 1, 10), code, status, SUM(points), COUNT(*) FROM transfers
            GROUP BY shop, substr(created_at, 1, 10), code, status`);
  raw.exec("ANALYZE");
  raw.close();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const dir = flags.file ? null : mkdtempSync(path.join(os.tmpdir(), "tally-bench-dashboard-"));
  const file = flags.file ?? path.join(dir ?? "", "bench.sqlite");
  try {
    const now = Date.now();
    const fresh = !existsSync(file);
    if (fresh) {
      migrateSqlite(file, path.join(ROOT, "prisma/migrations"));
      const started = performance.now();
      seed(file, now);
      console.log(`seeded ${MEMBERS} members, ${MEMBERS * TRANSFERS_PER_MEMBER} transfers, ${MEMBERS * ORDERS_PER_MEMBER + GUEST_ORDERS} orders in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    const db = openDatabase(`file:${file}`);
    if (fresh) {
      await upsertShop(db.prisma, { domain: SHOP, name: "Bench shop", currencyCode: "USD" });
      // The orders were inserted around the order writer: their rollups are built once, as bulk loads do.
      await rebuildOrderRollups(db, SHOP);
      await db.prisma.$executeRawUnsafe("ANALYZE");
    }
    const today = new Date(now).toISOString().slice(0, 10);
    const ago = (days: number) => new Date(now - days * DAY_MS).toISOString().slice(0, 10);
    const periods: Array<[string, Record<string, string>]> = [
      ["7 days", { period: "7d" }],
      ["30 days", { period: "30d" }],
      ["90 days", { period: "90d" }],
      ["365 days", { period: "365d" }],
      ["custom: a past quarter", { period: "custom", from: ago(300), to: ago(210) }],
      ["custom: two years to today", { period: "custom", from: ago(729), to: today }],
    ];
    console.log(`load average ${os.loadavg().map((load) => load.toFixed(2)).join(" ")}, ${os.cpus().length} cores; ${RUNS} runs each`);
    for (const [label, query] of periods) {
      const period = resolvePeriod(periodQuerySchema.parse(query), new Date(now));
      await loadDashboard(db, SHOP, period);
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const usage = process.cpuUsage();
        await loadDashboard(db, SHOP, period);
        const spent = process.cpuUsage(usage);
        cpu.push((spent.user + spent.system) / 1000);
        wall.push(performance.now() - started);
      }
      wall.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      const ms = (value: number) => `${value.toFixed(1).padStart(7)} ms`;
      console.log(
        `  ${label.padEnd(28)} wall p50 ${ms(percentile(wall, 50))}  p95 ${ms(percentile(wall, 95))}   cpu p50 ${ms(percentile(cpu, 50))}  p95 ${ms(percentile(cpu, 95))}`,
      );
    }
    console.log(`load average ${os.loadavg().map((load) => load.toFixed(2)).join(" ")}`);
    await db.close();
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
