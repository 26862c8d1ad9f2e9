import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { membersSearchSchema, queryMembers, MEMBERS_PAGE_SIZE, type MembersSearch } from "~/admin/members/members-query.server";
import { seedDemoShop } from "~/demo/demo-seed.server";
import { upsertMember } from "~/loyalty/members/member-store.server";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "tally-demo.myshopify.com";
const OTHER_SHOP = "someone-else.myshopify.com";
const search = (input: Record<string, string> = {}) => membersSearchSchema.parse(input);

describe.each(testDatabaseKinds())("members list query on %s", (kind) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedDemoShop(t.db, { shop: SHOP, now: new Date("2026-11-23T12:00:00Z") });
    // Members of another shop never show up, whatever they are called.
    await upsertMember(t.db.prisma, { shop: OTHER_SHOP, customerId: "1", email: "ava.martin@example.com", firstName: "Ava", lastName: "Martin" }, "member");
  });
  afterAll(() => t?.destroy());

  async function list(query: MembersSearch) {
    const result = await queryMembers(t.db.prisma, SHOP, query);
    if (!result.ok) throw new Error(result.message);
    return result.page;
  }

  it("lists the shop's members by available points, then name, with balances and tier", async () => {
    const page = await list(search());
    expect(page).toMatchObject({ total: 50, page: 1, pageCount: 1, pageSize: MEMBERS_PAGE_SIZE, currencyCode: "USD", search: "", sort: "available", order: "desc" });
    expect(page.members).toHaveLength(50);
    const available = page.members.map((member) => member.available);
    expect(available).toEqual([...available].sort((a, b) => b - a));
    const balances = await t.db.prisma.balance.findMany({ where: { shop: SHOP } });
    for (const member of page.members) {
      const stored = balances.find((balance) => balance.memberId === member.id);
      expect(member.available).toBe(stored?.available ?? 0);
      expect(member.lifetimeEarned).toBe(stored?.lifetimeEarned ?? 0);
      expect(["Member", "Silver", "Gold"]).toContain(member.tierName);
      if (member.tierName === "Gold") expect(member.nextTier).toBeNull();
      else expect(member.nextTier?.remainingAmount).toBeGreaterThan(0);
    }
  });

  it("finds members by any part of their name or email, whatever the case", async () => {
    for (const query of ["petrova", "PETROVA", "Elena P", "elena.petrova@EXAMPLE", "lena petro"]) {
      const page = await list(search({ q: query }));
      expect(page.members.map((member) => `${member.firstName} ${member.lastName}`), query).toEqual(["Elena Petrova"]);
      expect(page.total).toBe(1);
    }
    const martins = await list(search({ q: "martin" }));
    expect(martins.members.map((member) => member.lastName)).toEqual(["Martin"]);
  });

  it("takes LIKE wildcards in a search literally", async () => {
    for (const query of ["%", "_", "a%n", "!"]) {
      const page = await list(search({ q: query }));
      expect(page.total, query).toBe(0);
    }
    const apostrophe = await list(search({ q: "o'connor" }));
    expect(apostrophe.members.map((member) => member.lastName)).toEqual(["O'Connor"]);
  });

  it("pages by fifty and keeps a page past the end on the last page", async () => {
    for (let n = 1; n <= 3; n++) {
      await upsertMember(t.db.prisma, { shop: SHOP, customerId: `extra-${n}`, email: `extra${n}@example.com`, firstName: "Extra", lastName: `Shopper ${n}` }, "member");
    }
    const first = await list(search());
    const second = await list(search({ page: "2" }));
    expect(first).toMatchObject({ total: 53, pageCount: 2, page: 1 });
    expect(second).toMatchObject({ total: 53, pageCount: 2, page: 2 });
    expect(second.members).toHaveLength(3);
    // The new members have no points: they sort last, among the other members without points by name.
    expect(second.members.every((member) => member.available === 0)).toBe(true);
    const names = second.members.map((member) => `${member.firstName} ${member.lastName}`);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const ids = new Set([...first.members, ...second.members].map((member) => member.id));
    expect(ids.size).toBe(53);
    expect(await list(search({ page: "9" }))).toMatchObject({ page: 2 });
  });

  it("orders every page of the opening list like one sort of all members: points, then full name and email, then id", async () => {
    const members = await t.db.prisma.member.findMany({ where: { shop: SHOP }, include: { balance: true } });
    // The name order is "first last", then the email, lowered.
    const name = (member: (typeof members)[number]) => `${member.firstName ?? ""} ${member.lastName ?? ""}\n${member.email ?? ""}`.toLowerCase();
    const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const expected = members
      .map((member) => ({ id: member.id, available: member.balance?.available ?? 0, name: name(member) }))
      .sort((a, b) => b.available - a.available || compare(a.name, b.name) || compare(a.id, b.id))
      .map((member) => member.id);
    const listed: string[] = [];
    const { pageCount } = await list(search());
    for (let page = 1; page <= pageCount; page++) listed.push(...(await list(search({ page: String(page) }))).members.map((member) => member.id));
    expect(pageCount).toBeGreaterThan(1);
    expect(listed).toEqual(expected);
  });

  it("searches a member's current name and email after a change or an erasure", async () => {
    const member = await upsertMember(t.db.prisma, { shop: SHOP, customerId: "renamed", email: "old.name@example.com", firstName: "Oldfirst", lastName: "Oldlast" }, "member");
    expect((await list(search({ q: "oldfirst oldlast" }))).total).toBe(1);
    await t.db.prisma.member.update({ where: { id: member.id }, data: { firstName: "Newfirst", email: "new.name@example.com" } });
    expect((await list(search({ q: "oldfirst" }))).total).toBe(0);
    expect((await list(search({ q: "NEWFIRST oldlast" }))).members.map((found) => found.id)).toEqual([member.id]);
    expect((await list(search({ q: "new.name@" }))).total).toBe(1);
    await t.db.prisma.member.update({ where: { id: member.id }, data: { firstName: null, lastName: null, email: null } });
    for (const query of ["newfirst", "oldlast", "new.name"]) expect((await list(search({ q: query }))).total, query).toBe(0);
  });

  it("refuses a malformed page or an overlong search", () => {
    expect(membersSearchSchema.safeParse({ page: "abc" }).success).toBe(false);
    expect(membersSearchSchema.safeParse({ page: "0" }).success).toBe(false);
    expect(membersSearchSchema.safeParse({ q: "x".repeat(101) }).success).toBe(false);
    expect(membersSearchSchema.parse({ q: "  ava  " })).toEqual({ q: "ava", tier: "", sort: "available", page: 1 });
  });
});
