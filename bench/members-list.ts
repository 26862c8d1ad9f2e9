// The members list and a member's page at 100,000 members, on SQLite and PostgreSQL: seeds a shop with raw SQL
// (members, balances, a few referrals), then times each query the pages run, count included. Figures are printed,
// never asserted (docs/performance.md).
//
//   bash scripts/run.sh tsx bench/members-list.ts [--db sqlite|postgres|both] [--members 100000] [--runs 20]
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { loadMemberDetail, memberDetailSearchSchema } from "~/admin/members/member-detail.server";
import { membersSearchSchema, queryMembers } from "~/admin/members/members-query.server";
import { openDatabase, openSqlite, type TallyDatabase } from "~/db/database.server";
import { migratePostgres, migrateSqlite } from "~/db/migrations.server";
import { timestampText } from "~/db/sqlite-timestamp";
import { upsertShop } from "~/loyalty/program/shop-store.server";

const ROOT = path.resolve(import.meta.dirname, "..");
const SHOP = "bench-members.myshopify.com";
const FIRST = ["Ava", "Ben", "Chloé", "Dan", "Elena", "Farah", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea", "Mo", "Nia", "Omar", "Pia"];
const LAST = ["Martin", "Petrova", "O'Connor", "Nguyen", "Smith", "García", "Kowalski", "Ito", "Okafor", "Larsen"];

const { values: flags } = parseArgs({
  options: {
    db: { type: "string", default: "both" },
    members: { type: "string", default: "100000" },
    runs: { type: "string", default: "20" },
  },
});
const MEMBERS = Number(flags.members);
const RUNS = Number(flags.runs);

interface SeedRow {
  member: unknown[];
  balance: unknown[] | null;
}

function seedRows(): SeedRow[] {
  const start = Date.UTC(2024, 0, 1);
  const rows: SeedRow[] = [];
  for (let n = 0; n < MEMBERS; n++) {
    const id = randomUUID();
    const created = new Date(start + n * 60_000);
    const tier = n % 20 === 0 ? "gold" : n % 5 === 0 ? "silver" : "member";
    const member = [id, SHOP, String(n + 1), `shopper${n}@example.com`, FIRST[n % FIRST.length], LAST[(n * 7) % LAST.length], tier, (n % 200) * 1000, `CODE-${n}`, created];
    // One member in ten has never earned anything yet: no balance row.
    const available = (n * 37) % 5000;
    const balance = n % 10 === 0 ? null : [id, SHOP, available, 0, 0, available, available + 100, created];
    rows.push({ member, balance });
  }
  return rows;
}

async function seedSqlite(file: string, rows: SeedRow[]): Promise<void> {
  const raw = openSqlite(file);
  const member = raw.prepare(
    `INSERT INTO members (id, shop, customer_id, email, first_name, last_name, tier, tier_spend, referral_code, created_at, updated_at, account_state)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'enabled')`,
  );
  // A balance names the transfer behind it (docs/decisions/027-balances-written-only-by-the-ledger.md): one import each.
  const transfer = raw.prepare(
    `INSERT INTO transfers (id, shop, member_id, code, points, status, idempotency_key, fingerprint, actor, created_at)
     VALUES (?, ?, ?, 'IMPORT', ?, 'posted', ?, 'bench', 'system', ?)`,
  );
  const balance = raw.prepare(
    `INSERT INTO balances (member_id, shop, posted, pending_credit, pending_debit, available, lifetime_earned, updated_at, last_transfer_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  raw.transaction(() => {
    for (const row of rows) {
      const created = timestampText(row.member[9] as Date);
      member.run(...row.member.slice(0, 9), created, created);
      if (row.balance) {
        const transferId = `bench-${row.member[0]}`;
        transfer.run(transferId, SHOP, row.member[0], row.balance[2], `bench:${row.member[0]}`, created);
        balance.run(...row.balance.slice(0, 7), created, transferId);
      }
    }
  })();
  raw.exec("ANALYZE");
  raw.close();
}

async function seedPostgres(url: string, schema: string, rows: SeedRow[]): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const client = await pool.connect();
  try {
    await client.query(`SET search_path TO "${schema}"`);
    for (let i = 0; i < rows.length; i += 5000) {
      const chunk = rows.slice(i, i + 5000);
      const columns = (index: number) => chunk.map((row) => row.member[index]);
      await client.query(
        `INSERT INTO members (id, shop, customer_id, email, first_name, last_name, tier, tier_spend, referral_code, created_at, updated_at, account_state)
         SELECT *, created, 'enabled' FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::timestamptz[])
           AS t(id, shop, customer_id, email, first_name, last_name, tier, tier_spend, referral_code, created)`,
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(columns),
      );
      const balances = chunk.flatMap((row) => (row.balance ? [row.balance] : []));
      const b = (index: number) => balances.map((row) => row[index]);
      await client.query(
        `INSERT INTO transfers (id, shop, member_id, code, points, status, idempotency_key, fingerprint, actor, created_at)
         SELECT 'bench-' || m, s, m, 'IMPORT', p, 'posted', 'bench:' || m, 'bench', 'system', c
         FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[]) AS t(m, s, p, c)`,
        [b(0), b(1), b(2), b(7)],
      );
      await client.query(
        `INSERT INTO balances (member_id, shop, posted, pending_credit, pending_debit, available, lifetime_earned, updated_at, last_transfer_id)
         SELECT *, 'bench-' || t.member_id FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::timestamptz[])
           AS t(member_id, shop, posted, pending_credit, pending_debit, available, lifetime_earned, updated_at)`,
        [0, 1, 2, 3, 4, 5, 6, 7].map(b),
      );
    }
    await client.query("ANALYZE");
  } finally {
    client.release();
    await pool.end();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function time(label: string, work: () => Promise<unknown>): Promise<void> {
  await work();
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(44)} p50 ${percentile(samples, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(samples, 95).toFixed(1).padStart(7)} ms`);
}

async function measure(db: TallyDatabase): Promise<void> {
  const list = (query: Record<string, string>) => async () => {
    const result = await queryMembers(db.prisma, SHOP, membersSearchSchema.parse(query));
    if (!result.ok) throw new Error(result.message);
  };
  const count = (where: string) => () => db.prisma.$queryRawUnsafe(`SELECT COUNT(*) FROM members m WHERE m.shop = '${SHOP}' ${where}`);
  await time("count, whole shop", count(""));
  await time("count, tier silver", count("AND m.tier = 'silver'"));
  await time("count, entry tier (NOT IN)", count("AND m.tier NOT IN ('silver', 'gold')"));
  await time("list, default (available desc)", list({}));
  await time("list, available desc, page 1000", list({ page: "1000" }));
  await time("list, name asc", list({ sort: "name" }));
  await time("list, email desc", list({ sort: "email", order: "desc" }));
  await time("list, lifetime earned desc", list({ sort: "lifetime" }));
  await time("list, joined desc", list({ sort: "joined" }));
  await time("list, joined asc, page 1000", list({ sort: "joined", order: "asc", page: "1000" }));
  await time("list, tier gold, available desc", list({ tier: "gold" }));
  await time("list, tier member (entry), name asc", list({ tier: "member", sort: "name" }));
  await time("list, search 'petro'", list({ q: "petro" }));
  await time("list, search 'shopper4242'", list({ q: "shopper4242" }));
  const someone = await db.prisma.member.findFirst({ where: { shop: SHOP, customerId: "4242" } });
  if (!someone) throw new Error("seeded member missing");
  await time("member page", async () => {
    const detail = await loadMemberDetail(db.prisma, SHOP, someone.id, memberDetailSearchSchema.parse({}));
    if (!detail) throw new Error("member not found");
  });
}

async function runSqlite(rows: SeedRow[]): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tally-bench-members-"));
  try {
    const file = path.join(dir, "bench.sqlite");
    migrateSqlite(file, path.join(ROOT, "prisma/migrations"));
    const db = openDatabase(`file:${file}`);
    await upsertShop(db.prisma, { domain: SHOP, name: "Bench shop", currencyCode: "USD" });
    const started = performance.now();
    await seedSqlite(file, rows);
    console.log(`SQLite: ${MEMBERS} members seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await measure(db);
    await db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runPostgres(rows: SeedRow[]): Promise<void> {
  const url = process.env.TALLY_BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
  const schema = `bench_members_${Date.now()}`;
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  await admin.query(`CREATE SCHEMA "${schema}"`);
  try {
    await migratePostgres(url, path.join(ROOT, "prisma/postgres/migrations"), schema);
    const db = openDatabase(url, { schema });
    await upsertShop(db.prisma, { domain: SHOP, name: "Bench shop", currencyCode: "USD" });
    const started = performance.now();
    await seedPostgres(url, schema, rows);
    console.log(`PostgreSQL: ${MEMBERS} members seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await measure(db);
    await db.close();
  } finally {
    await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
    await admin.end();
  }
}

const rows = seedRows();
if (flags.db !== "postgres") await runSqlite(rows);
if (flags.db !== "sqlite") await runPostgres(rows);
