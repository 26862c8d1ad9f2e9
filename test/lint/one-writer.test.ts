// The one-writer rule (tools/eslint/one-writer.js): each kind of write it reports, where it allows them, and that
// the repository's ESLint config applies it to product code and not to test fixtures.
import path from "node:path";
import { ESLint, RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import oneWriter from "../../tools/eslint/one-writer.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: "module" } });
const rule = oneWriter.rules["one-writer"];

tester.run("one-writer", rule, {
  valid: [
    { name: "the owner writes its table", filename: "app/loyalty/members/member-store.server.ts", code: "await prisma.member.upsert({ where, create, update });" },
    { name: "a feature folder that owns a table writes it", filename: "app/loyalty/referrals/referral-decisions.server.ts", code: "await db.prisma.referral.updateMany({ where, data });" },
    { name: "the owner's SQL", filename: "app/loyalty/ledger/ledger-rows.server.ts", code: "export const sql = `INSERT INTO transfers (id) VALUES (?)`;" },
    { name: "the owner's raw write", filename: "app/loyalty/earning/rollups.server.ts", code: "await db.prisma.$executeRaw`UPDATE order_daily SET orders = orders + 1 WHERE shop = ${shop}`;" },
    { name: "commands in app/loyalty read through prisma", filename: "app/loyalty/expiry/expire-points.server.ts", code: "await db.prisma.member.findMany({ where });" },
    { name: "adapters read through read", filename: "app/admin/members/member-detail.server.ts", code: "await db.read.member.findMany({ where }); await db().read.$queryRaw`SELECT id FROM members`;" },
    { name: "the queue's store in app/webhooks owns its table", filename: "app/queue/delivery-queue.server.ts", code: "await db.prisma.webhookDelivery.update({ where, data });" },
    { name: "opening the database and migrating it", filename: "app/db/migrations.server.ts", code: "db.prepare('INSERT INTO members (id) VALUES (?)'); await prisma.member.deleteMany();" },
    { name: "update() of something that is not a model", filename: "app/admin/x.server.ts", code: "createHash('sha256').update(text).digest('hex'); cache.delete(key);" },
    { name: "prose about updating is not SQL", filename: "app/admin/strings/program.ts", code: "export const hint = 'Update members tiers from now on; delete from the list';" },
    { name: "reads in SQL", filename: "app/admin/activity/ledger-feed.server.ts", code: "await prisma.$queryRaw`SELECT id FROM transfers WHERE shop = ${shop}`;" },
  ],
  invalid: [
    {
      name: "a Prisma write outside the owner, from an adapter",
      filename: "app/jobs/reconcile-orders.server.ts",
      code: "await db.prisma.shop.update({ where, data });",
      errors: [{ messageId: "modelWrite", data: { model: "shop", method: "update", table: "shops", owners: "app/loyalty/program/shop-store.server.ts", map: "app/db/table-owners.mjs" } }, { messageId: "adapterPrisma" }],
    },
    { name: "another feature writing members", filename: "app/loyalty/referrals/friend-discounts.server.ts", code: "await tx.member.updateMany({ where, data });", errors: [{ messageId: "modelWrite" }] },
    { name: "an owner writing a table it does not own", filename: "app/loyalty/members/member-store.server.ts", code: "await prisma.balance.create({ data });", errors: [{ messageId: "modelWrite" }] },
    { name: "every write method", filename: "app/loyalty/privacy/x.server.ts", code: "p.member.create(); p.member.createMany(); p.member.createManyAndReturn(); p.member.update(); p.member.updateMany(); p.member.updateManyAndReturn(); p.member.upsert(); p.member.delete(); p[\"member\"][\"deleteMany\"]();", errors: Array.from({ length: 9 }, () => ({ messageId: "modelWrite" as const })) },
    { name: "SQL text in a string", filename: "app/loyalty/privacy/x.server.ts", code: "const sql = 'DELETE FROM balances WHERE shop = ?';", errors: [{ messageId: "sqlWrite", data: { table: "balances", owners: "app/loyalty/ledger/", map: "app/db/table-owners.mjs" } }] },
    { name: "a tagged $executeRaw outside every owner", filename: "app/loyalty/program/retier.server.ts", code: "await tx.$executeRaw`UPDATE members SET tier_spend = ${spend} WHERE shop = ${shop}`;", errors: [{ messageId: "rawWrite" }, { messageId: "sqlWrite" }] },
    { name: "a string passed to $queryRawUnsafe", filename: "app/loyalty/expiry/x.server.ts", code: "await prisma.$queryRawUnsafe('INSERT INTO transfers (id) VALUES ($1) RETURNING id', id);", errors: [{ messageId: "sqlWrite" }] },
    { name: "a statement the driver prepares, lower case and quoted", filename: "scripts/fix-sessions.ts", code: "raw.prepare(`update \"Session\" set scope = ''`).run(); client.query('insert into members (id) values ($1)', [id]);", errors: [{ messageId: "sqlWrite" }, { messageId: "sqlWrite" }] },
    { name: "$executeRawUnsafe whose text the rule cannot read", filename: "app/jobs/cleanup.server.ts", code: "await db.read.$executeRawUnsafe(sql);", errors: [{ messageId: "rawWrite" }] },
    { name: ".prisma in a route", filename: "app/routes/app.members.$id.tsx", code: "await db().prisma.member.findMany({ where });", errors: [{ messageId: "adapterPrisma" }] },
    { name: "prisma taken apart in the shopper API", filename: "app/shopper/x.server.ts", code: "const { prisma } = db;", errors: [{ messageId: "adapterPrisma" }] },
    { name: ".prisma in the demo, the compliance export and the webhooks' handlers", filename: "app/demo/demo-seed.server.ts", code: "db.prisma.transfer.count();", errors: [{ messageId: "adapterPrisma" }] },
  ],
});

describe("the repository's ESLint config", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const eslint = new ESLint({ cwd: root });
  const stray = "export async function stray(db: { prisma: { balance: { deleteMany(a: object): Promise<unknown> } } }) {\n  await db.prisma.balance.deleteMany({});\n}\n";
  const oneWriterMessages = async (file: string) =>
    (await eslint.lintText(stray, { filePath: path.join(root, file) }))[0]?.messages.filter((message) => message.ruleId === "tally/one-writer") ?? [];

  it("reports a stray write in product code: app/ and scripts/", async () => {
    expect((await oneWriterMessages("app/compliance/stray.server.ts")).map((message) => message.message)).toEqual([
      expect.stringContaining("`balance.deleteMany` writes balances, which only app/loyalty/ledger/ may write"),
      expect.stringContaining("Adapters read through `read`"),
    ]);
    expect(await oneWriterMessages("scripts/stray.ts")).toHaveLength(1);
  }, 60_000);

  it("leaves test fixtures and benchmarks, which arrange their data by writing rows, alone", async () => {
    expect(await oneWriterMessages("test/support/stray.ts")).toEqual([]);
    expect(await oneWriterMessages("bench/stray.ts")).toEqual([]);
  }, 60_000);
});
