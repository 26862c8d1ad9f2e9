// The members list through the built app, as staff see it: search, tier filter, every sort in both directions,
// pagination that keeps them, and a clear 400 for a query string that makes no sense.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setMemberTier, upsertMember } from "~/loyalty/members/member-store.server";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { decodeHtml, openDemoAdmin, type DemoAdmin } from "../support/demo-admin";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "members-list.myshopify.com";
const OTHER_SHOP = "members-list-other.myshopify.com";
const FIRST_NAMES = ["ava", "Ben", "chloé", "Dan", "Elena", "farah", "Gus", "hana", "Ivo", "Jun", "kai", "Lea"];
const MEMBERS = 60;

interface Seeded {
  id: string;
  first: string;
  last: string;
  email: string;
  tier: string;
  available: number;
  lifetime: number;
  createdAt: number;
}

/** The member ids of the table's rows, in the order shown. */
function listedIds(html: string): string[] {
  return [...html.matchAll(/href="\/app\/members\/([0-9a-f-]{36})"/g)].map((match) => match[1] ?? "");
}

describe.each(testDatabaseKinds())("members list on %s", (kind) => {
  let t: TestDatabase;
  let staff: DemoAdmin;
  let seeded: Seeded[];

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Members list shop", currencyCode: "USD" });
    for (let n = 1; n <= MEMBERS; n++) {
      const first = FIRST_NAMES[n % FIRST_NAMES.length] ?? "";
      const member = await upsertMember(
        t.db.prisma,
        { shop: SHOP, customerId: String(n), email: `${n % 2 ? "S" : "s"}hopper${String(n).padStart(2, "0")}@example.com`, firstName: first, lastName: `Shopper ${n}`, accountState: "enabled" },
        "member",
      );
      // Five members never earned anything: no balance row at all, and they still sort as 0.
      if (n % 12 !== 0) {
        const earned = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: member.id, code: "PURCHASE", points: (n * 37) % 500 + 10, status: "posted", idempotencyKey: `seed:${n}:earn` });
        expect(earned.ok).toBe(true);
        if (n % 3 === 0) {
          const spent = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: member.id, code: "EXPIRY", points: -5, status: "posted", idempotencyKey: `seed:${n}:expire` });
          expect(spent.ok).toBe(true);
        }
      }
      if (n % 6 === 0) await setMemberTier(t.db.prisma, member.id, "silver", 60_000);
      else if (n % 10 === 0) await setMemberTier(t.db.prisma, member.id, "gold", 160_000);
      // A tier the merchant has since removed: the member shows in (and filters as) the entry tier.
      else if (n === 7) await setMemberTier(t.db.prisma, member.id, "bronze", 0);
    }
    await upsertMember(t.db.prisma, { shop: OTHER_SHOP, customerId: "1", email: "elsewhere@example.com", firstName: "Ava", lastName: "Elsewhere" }, "member");
    const rows = await t.db.prisma.member.findMany({ where: { shop: SHOP }, include: { balance: true } });
    seeded = rows.map((row) => ({
      id: row.id,
      first: row.firstName ?? "",
      last: row.lastName ?? "",
      email: row.email ?? "",
      tier: row.tier,
      available: row.balance?.available ?? 0,
      lifetime: row.balance?.lifetimeEarned ?? 0,
      createdAt: row.createdAt.getTime(),
    }));
    staff = await openDemoAdmin(t.url, SHOP);
  });
  afterAll(() => t?.destroy());

  async function list(query: string): Promise<{ ids: string[]; html: string }> {
    const response = await staff.get(`/app/members${query}`);
    const html = decodeHtml(await response.text());
    expect(response.status, html.slice(0, 300)).toBe(200);
    return { ids: listedIds(html), html };
  }

  const byId = (id: string) => {
    const member = seeded.find((candidate) => candidate.id === id);
    if (!member) throw new Error(`listed ${id}, which is not a seeded member of the shop`);
    return member;
  };

  it("lists fifty members by available points, highest first, and pages to the rest", async () => {
    const first = await list("");
    expect(first.ids).toHaveLength(50);
    const available = first.ids.map((id) => byId(id).available);
    expect(available).toEqual([...available].sort((a, b) => b - a));
    expect(first.html).toContain(`Page 1 of 2 · ${MEMBERS} members`);
    expect(first.html).not.toContain("Elsewhere");
    const second = await list("?page=2");
    expect(second.ids).toHaveLength(MEMBERS - 50);
    expect(new Set([...first.ids, ...second.ids]).size).toBe(MEMBERS);
    // The opening page is read along the balances index; a search matching everyone takes the general query.
    // Both must give the same members in the same order, ties included.
    expect((await list("?q=example.com")).ids).toEqual(first.ids);
    expect((await list("?q=example.com&page=2")).ids).toEqual(second.ids);
    // The members who never earned anything sort as 0 points, last.
    expect(second.ids.slice(-5).every((id) => byId(id).available === 0)).toBe(true);
  });

  const keys: Record<string, (member: Seeded) => string | number> = {
    // Names sort as "first last", then the email, lowered (members.search_text).
    name: (member) => `${member.first} ${member.last}\n${member.email}`.toLowerCase(),
    email: (member) => member.email.toLowerCase(),
    available: (member) => member.available,
    lifetime: (member) => member.lifetime,
    joined: (member) => member.createdAt,
  };

  it.each(Object.keys(keys).flatMap((sort) => [[sort, "asc"], [sort, "desc"]]))("sorts by %s %s across both pages", async (sort, order) => {
    const key = keys[sort] ?? ((member: Seeded) => member.id);
    const pages = [await list(`?sort=${sort}&order=${order}`), await list(`?sort=${sort}&order=${order}&page=2`)];
    const ids = pages.flatMap((page) => page.ids);
    expect(new Set(ids).size).toBe(MEMBERS);
    const values = ids.map((id) => key(byId(id)));
    const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(values).toEqual(order === "asc" ? sorted : sorted.reverse());
    // The sort stays selected in the form and in the link to the next page.
    expect(pages[0]?.html.includes(`href="/app/members?sort=${sort}&order=${order}&page=2"`), "next page link").toBe(true);
  });

  it("sorts names A–Z and amounts highest first when no order is given", async () => {
    const names = await list("?sort=name");
    expect(names.ids.slice(0, 3).map((id) => byId(id).first.toLowerCase())).toEqual(["ava", "ava", "ava"]);
    const lifetime = await list("?sort=lifetime");
    expect(byId(lifetime.ids[0] ?? "").lifetime).toBe(Math.max(...seeded.map((member) => member.lifetime)));
  });

  it("filters by tier, the entry tier including members of a tier since removed", async () => {
    for (const tier of ["silver", "gold"]) {
      const { ids, html } = await list(`?tier=${tier}`);
      expect(new Set(ids)).toEqual(new Set(seeded.filter((member) => member.tier === tier).map((member) => member.id)));
      expect(html).toMatch(new RegExp(`<option value="${tier}" selected=""`));
    }
    const entry = (await list("?tier=member")).ids;
    const expected = seeded.filter((member) => member.tier !== "silver" && member.tier !== "gold");
    expect(expected.some((member) => member.tier === "bronze")).toBe(true);
    expect(new Set(entry)).toEqual(new Set(expected.map((member) => member.id)));
  });

  it("combines search, tier and sort, and shows them chosen in the form", async () => {
    const { ids, html } = await list("?q=shopper%201&tier=silver&sort=name&order=desc");
    const expected = seeded
      .filter((member) => member.tier === "silver" && `${member.first} ${member.last}`.toLowerCase().includes("shopper 1"))
      .sort((a, b) => (keys.name?.(b) ?? "").toString().localeCompare((keys.name?.(a) ?? "").toString()));
    expect(expected.length).toBeGreaterThan(1);
    expect(ids).toEqual(expected.map((member) => member.id));
    expect(html).toContain('value="shopper 1"');
    for (const selected of ["silver", "name", "desc"]) expect(html).toMatch(new RegExp(`<option value="${selected}" selected=""`));
    const search = await list("?q=HOPPER0");
    expect(search.ids).toHaveLength(9);
  });

  it.each([
    ["?tier=platinum", "There is no tier “platinum” in your program. Choose one of: member, silver, gold."],
    ["?tier=Gold!", "A tier is written in lower-case letters, digits and dashes"],
    ["?sort=points", "Sort by one of: name, email, available, lifetime, joined."],
    ["?order=up", "The order must be asc (lowest first) or desc (highest first)."],
    ["?page=0", "The page number must be a whole number from 1."],
    [`?q=${"x".repeat(101)}`, "A search can be at most 100 characters long."],
  ])("answers %s with 400 and says what is wrong", async (query, message) => {
    const response = await staff.get(`/app/members${query}`);
    expect(response.status).toBe(400);
    expect(decodeHtml(await response.text())).toContain(message);
  });
});
