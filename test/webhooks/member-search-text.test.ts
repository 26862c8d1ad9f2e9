// The members search's column (members.search_text: "first last", a line break, the email, lowered) for members
// that signed webhooks create and change: the settlement's insert writes it itself, and SQLite's triggers write
// it only for a write that left it out or made it stale (prisma/migrations/20261206190000_members_search_text_written_once).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertMember, upsertMemberNow } from "~/loyalty/members/member-store.server";
import { customerPayload, orderPayload } from "../fixtures/shopify-payloads";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "search-text.myshopify.com";

describe.each(testDatabaseKinds())("members' search text on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;

  const searchText = async (customerId: number | string): Promise<string | undefined> =>
    (await t.db.sql.get<{ search_text: string }>("SELECT search_text FROM members WHERE shop = ? AND customer_id = ?", [SHOP, String(customerId)]))
      ?.search_text;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    await h.install(SHOP);
  });
  afterAll(() => t?.destroy());

  it("a member created by customers/create or by their first order is found by name and email, lowered", async () => {
    expect((await h.send(SHOP, "customers/create", customerPayload({ id: 501, first_name: "Ada", last_name: "LOVELACE", email: "Ada@Example.COM" }))).status).toBe(200);
    const order = orderPayload({ id: 5021, customer: { id: 502, first_name: "Grace", last_name: "Hopper", email: "GRACE@example.com" }, subtotal: "30.00" });
    expect((await h.send(SHOP, "orders/paid", order)).status).toBe(200);
    // No name and no email: the column still has its shape.
    expect((await h.send(SHOP, "customers/create", { ...customerPayload({ id: 503 }), first_name: null, last_name: null, email: null })).status).toBe(200);
    expect(await h.work()).toMatchObject({ failed: 0 });

    expect(await searchText(501)).toBe("ada lovelace\nada@example.com");
    expect(await searchText(502)).toBe("grace hopper\ngrace@example.com");
    expect(await searchText(503)).toBe(" \n");
  });

  it("a rename or a new email is searched by the new one; an update that keeps them keeps it", async () => {
    const renamed = { ...customerPayload({ id: 501, first_name: "Augusta", last_name: "King", email: "augusta@example.com" }), updated_at: "2026-11-21T10:00:00-05:00" };
    await h.send(SHOP, "customers/update", renamed);
    const tagged = { ...customerPayload({ id: 502, first_name: "Grace", last_name: "Hopper", email: "GRACE@example.com" }), tags: "vip", updated_at: "2026-11-21T10:00:00-05:00" };
    await h.send(SHOP, "customers/update", tagged);
    expect(await h.work()).toMatchObject({ failed: 0 });

    expect(await searchText(501)).toBe("augusta king\naugusta@example.com");
    expect(await searchText(502)).toBe("grace hopper\ngrace@example.com");
    expect((await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: "502" } } })).tags).toBe("vip");
  });

  it("a member written without it (an import, a seed: Prisma's insert) gets it from the database", async () => {
    await upsertMember(t.db.prisma, { shop: SHOP, customerId: "504", email: "Imported@Example.com", firstName: "Katherine", lastName: "Johnson" }, "member");
    expect(await searchText(504)).toBe("katherine johnson\nimported@example.com");
  });
});

describe.runIf(testDatabaseKinds().includes("sqlite"))("the settlement's member insert on SQLite", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
  });
  afterAll(() => t?.destroy());

  it("writes the member's row once, with no second write by the trigger", async () => {
    await t.db.transaction(async (tx) => {
      // total_changes() counts the rows a trigger's statements change too: one for the insert alone, two with the trigger's update.
      const changes = async () => (await tx.sql.get<{ n: number }>("SELECT total_changes() AS n"))?.n ?? 0;
      const before = await changes();
      await upsertMemberNow(tx, { shop: SHOP, customerId: "505", email: "Mary@Example.com", firstName: "Mary", lastName: "Jackson" }, "member");
      expect((await changes()) - before).toBe(1);
    });
    const row = await t.db.sql.get<{ search_text: string }>("SELECT search_text FROM members WHERE shop = ? AND customer_id = ?", [SHOP, "505"]);
    expect(row?.search_text).toBe("mary jackson\nmary@example.com");
  });
});
