// A balance import never takes a previous app's own customer id for a Shopify id: when a row's customer id and
// email disagree with the members Tally knows, the dry run names both in a row error and the row is never
// imported. Through the admin's Import and export action, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertMember } from "~/loyalty/members/member-store.server";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { signedWebhook } from "../support/shopify-requests";
import { openDemoAdmin, renderedMarkup, tableRows, type DemoAdmin } from "../support/demo-admin";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "import-identity.myshopify.com";
const RUN_ID = /\/app\/import-export\?run=([0-9a-f-]{36})/;
const LEFT_OUT = "Check that the file's customer IDs are Shopify's, not the previous app's own; this row is left out.";

describe.each(testDatabaseKinds())("import identity checks on %s", (kind) => {
  let t: TestDatabase;
  let admin: DemoAdmin;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Identity shop", currencyCode: "USD" });
    ids.ava = (await upsertMember(t.db.prisma, { shop: SHOP, customerId: "7391029854", email: "ava.martin@example.com", firstName: "Ava", lastName: "Martin" }, "member")).id;
    ids.noah = (await upsertMember(t.db.prisma, { shop: SHOP, customerId: "7391029860", email: "noah.kim@example.com", firstName: "Noah", lastName: "Kim" }, "member")).id;
    admin = await openDemoAdmin(t.url, SHOP);
  });
  afterAll(() => t?.destroy());

  async function check(name: string, content: string): Promise<{ runId: string; markup: string; errors: (string | undefined)[][] }> {
    const form = new FormData();
    form.set("file", new File([content], name, { type: "text/csv" }));
    const response = await admin.post("/app/import-export", form);
    expect(response.status, await response.clone().text()).toBe(302);
    const runId = RUN_ID.exec(response.headers.get("location") ?? "")?.[1] ?? "";
    const html = await (await admin.get(`/app/import-export?run=${runId}`)).text();
    const errors = tableRows(html)
      .map((row) => [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((cell) => cell[1]))
      .filter((cells) => cells.length === 3);
    return { runId, markup: renderedMarkup(html), errors };
  }

  it("refuses a LoyaltyLion row whose customer id is LoyaltyLion's own, naming the member that email belongs to, and writes nothing for it", async () => {
    const file = [
      "id,merchant_id,email,first_name,last_name,points_approved",
      // LoyaltyLion's id where Shopify's should be, beside an email Tally knows as customer 7391029854.
      "9001,9001,ava.martin@example.com,Ava,Martin,800",
      // Shopify's id of a member Tally knows by another email.
      "9002,7391029854,ava.old@example.com,Ava,Martin,50",
      // Id and email agree (the email in other case): imported.
      "9003,7391029860,Noah.Kim@example.com,Noah,Kim,60",
      // Neither is known: a new member.
      "9004,7391029870,zoe.ng@example.com,Zoe,Ng,150",
    ].join("\n");
    const { runId, markup, errors } = await check("loyaltylion.csv", file);
    expect(markup).toContain("Format: LoyaltyLion");
    expect(markup).toContain("2 rows ready to import, 2 rows with errors.");
    expect(errors).toEqual([
      ["2", "merchant_id", `ava.martin@example.com is Shopify customer 7391029854 in Tally, but this row gives customer ID 9001. ${LEFT_OUT}`],
      ["3", "merchant_id", `Customer ID 7391029854 belongs to ava.martin@example.com in Tally, but this row gives ava.old@example.com. ${LEFT_OUT}`],
    ]);
    expect(await t.db.prisma.member.count({ where: { shop: SHOP, customerId: "9001" } })).toBe(0);

    const start = await admin.post("/app/import-export", new URLSearchParams({ intent: "import", runId }));
    expect(start.status).toBe(302);
    for (let waited = 0; (await t.db.prisma.importRun.findUniqueOrThrow({ where: { id: runId } })).status === "running" && waited < 600; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await t.db.prisma.importRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("done");
    const imported = await t.db.prisma.transfer.findMany({ where: { shop: SHOP, code: "IMPORT" }, select: { memberId: true, points: true } });
    const zoe = await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: "7391029870" } } });
    expect(imported).toEqual(expect.arrayContaining([{ memberId: ids.noah, points: 60 }, { memberId: zoe.id, points: 150 }]));
    expect(imported).toHaveLength(2);
    expect(await t.db.prisma.member.count({ where: { shop: SHOP, customerId: "9001" } })).toBe(0);
    expect(await t.db.prisma.member.count({ where: { shop: SHOP, email: "ava.martin@example.com" } })).toBe(1);
  });

  it("refuses a row for a customer whose data Shopify asked Tally to erase, and stores nothing that names them", async () => {
    // The demo app verifies webhooks with the same secret as any install.
    const response = await admin.app(signedWebhook("/webhooks/compliance", "customers/redact", {
      shop_id: 1,
      shop_domain: SHOP,
      customer: { id: 7391029880, email: "erased.one@example.com" },
      orders_to_redact: [],
    }, { shop: SHOP }));
    expect(response.status).toBe(200);

    const { runId, errors } = await check("after-redaction.csv", "customer_id,email,first_name,points\n7391029880,erased.one@example.com,Erased,40\n");
    expect(errors).toEqual([["2", "customer_id", "Shopify asked Tally to erase this customer's personal data, so Tally does not import them again; this row is left out."]]);
    const run = await t.db.prisma.importRun.findUniqueOrThrow({ where: { id: runId } });
    expect(`${run.rows}${run.errors}`).not.toMatch(/7391029880|erased\.one|Erased/i);
    expect(await t.db.prisma.member.count({ where: { shop: SHOP, customerId: "7391029880" } })).toBe(0);
  });

  it("refuses a row of Tally's own format whose customer id belongs to another email", async () => {
    const { errors } = await check("balances.csv", "customer_id,email,points\n7391029854,someone.else@example.com,10\n");
    expect(errors).toEqual([["2", "customer_id", `Customer ID 7391029854 belongs to ava.martin@example.com in Tally, but this row gives someone.else@example.com. ${LEFT_OUT}`]]);
  });
});
