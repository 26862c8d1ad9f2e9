// The Program page through the built app, signed in as demo staff, on SQLite and PostgreSQL: what it shows, what
// a save writes (rules and audit event, never points), what it refuses, and the tier preview's counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/loyalty/audit/audit-log.server";
import { upsertMember } from "~/loyalty/members/member-store.server";
import { defaultProgramRules, parseProgramRules } from "~/loyalty/program/program-rules";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { decodeHtml as decode } from "../support/html-text";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "program-demo.myshopify.com";
const OTHER_SHOP = "program-other.myshopify.com";
const BASE = "http://localhost";

/** Known members: customer id → qualifying spend in cents. */
const SPENDS: Record<string, number> = { "1": 0, "2": 10_000, "3": 49_999, "4": 50_000, "5": 120_000, "6": 150_000, "7": 400_000 };


/** The value attribute of the input with this id in rendered HTML. */
function inputValue(html: string, id: string): string | undefined {
  const tag = new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  if (!tag) throw new Error(`no input #${id} in the page`);
  return /\bvalue="([^"]*)"/.exec(tag)?.[1];
}

function isChecked(html: string, id: string): boolean {
  const tag = new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  if (!tag) throw new Error(`no checkbox #${id} in the page`);
  return /\bchecked=""/.test(tag);
}

/** The error Polaris shows under a field (its id + "Error"), as text. */
function fieldError(html: string, id: string): string | null {
  const block = new RegExp(`id="${id}Error"[^>]*>([\\s\\S]*?)</div>\\s*</div>`).exec(html)?.[1];
  return block ? decode(block.replace(/<[^>]+>/g, "")).trim() : null;
}

/** Every field of the saved program as the page's form posts it. */
function formOf(html: string): Record<string, string> {
  const form: Record<string, string> = {};
  for (const match of html.matchAll(/<input[^>]*\bid="program-([^"]+)"[^>]*>/g)) {
    const tag = match[0];
    const id = match[1] ?? "";
    const name = id.replace(/-/g, ".");
    form[name] = /type="checkbox"/.test(tag) ? String(/\bchecked=""/.test(tag)) : decode(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? "");
  }
  return form;
}

describe.each(testDatabaseKinds())("the Program page on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let cookie: string;
  const memberIds: Record<string, string> = {};

  const get = (path: string) => app(new Request(`${BASE}${path}`, { headers: { Cookie: cookie } }));
  const post = (form: Record<string, string> | [string, string][]) =>
    app(new Request(`${BASE}/app/program`, { method: "POST", body: new URLSearchParams(form), headers: { Cookie: cookie } }));
  const storedRules = async () => (await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules;
  const ledgerState = async () => ({
    transfers: await t.sql("SELECT * FROM transfers ORDER BY id"),
    balances: await t.sql("SELECT * FROM balances ORDER BY member_id"),
  });
  const tierOf = async (customerId: string) => (await t.db.prisma.member.findUniqueOrThrow({ where: { id: memberIds[customerId] } })).tier;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Program demo", currencyCode: "USD" });
    app = await loadBuiltApp({
      DATABASE_URL: t.url,
      NODE_ENV: "development",
      TALLY_DEMO: "1",
      TALLY_DEMO_SHOP: SHOP,
      TALLY_BACKGROUND_JOBS: "0",
    });
    const signIn = await app(new Request(`${BASE}/demo`, { method: "POST", body: new URLSearchParams({ intent: "sign-in" }) }));
    cookie = (signIn.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/^tally_demo=/);
  });
  afterAll(() => t?.destroy());

  it("shows a new shop the defaults of product.md", async () => {
    const response = await get("/app/program");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(inputValue(html, "program-earn-points")).toBe("1");
    expect(inputValue(html, "program-earn-unitMinor")).toBe("1");
    expect(inputValue(html, "program-earn-pendingDays")).toBe("0");
    expect(isChecked(html, "program-earn-includeTestOrders")).toBe(false);
    expect(inputValue(html, "program-signupBonus")).toBe("100");
    expect(inputValue(html, "program-redemption-points")).toBe("100");
    // The reward catalogue (test/admin/program-rewards.test.ts): the amount-off ladder on, the others ready to switch on.
    for (const name of ["Amount off", "10% off", "Free shipping"]) expect(decode(html)).toContain(name);
    expect(inputValue(html, "program-referral-friendDiscountPercent")).toBe("10");
    expect(inputValue(html, "program-referral-advocatePoints")).toBe("500");
    expect(isChecked(html, "program-referral-fraud-rejectSameEmail")).toBe(true);
    expect(isChecked(html, "program-referral-fraud-rejectSameAddress")).toBe(true);
    expect(isChecked(html, "program-referral-milestone-enabled")).toBe(false);
    expect(isChecked(html, "program-expiry-enabled")).toBe(false);
    expect(inputValue(html, "program-tierWindowDays")).toBe("365");
    expect([0, 1, 2].map((n) => inputValue(html, `program-tiers-${n}-name`))).toEqual(["Member", "Silver", "Gold"]);
    expect([0, 1, 2].map((n) => inputValue(html, `program-tiers-${n}-threshold`))).toEqual(["0", "500", "1500"]);
    expect([0, 1, 2].map((n) => inputValue(html, `program-tiers-${n}-multiplierPercent`))).toEqual(["1", "1.25", "1.50"]);
    // Every input a merchant types in is labelled.
    for (const match of html.matchAll(/<input(?![^>]*type="hidden")[^>]*\bid="(program-[^"]+)"/g)) expect(html, match[1]).toContain(`for="${match[1]}"`);
    expect(await listAuditEvents(t.db.prisma, SHOP, { limit: 10 })).toEqual([]);
  });

  it("saves a valid change and shows it on the next load, with the change and the staff member in the audit log", async () => {
    const first = await (await get("/app/program")).text();
    const form = { ...formOf(first), signupBonus: "250", "earn.pendingDays": "14", "redemption.points": "200", "expiry.enabled": "true" };
    const response = await post(form);
    expect(response.status).toBe(200);

    const html = await (await get("/app/program")).text();
    expect(inputValue(html, "program-signupBonus")).toBe("250");
    expect(inputValue(html, "program-earn-pendingDays")).toBe("14");
    expect(inputValue(html, "program-redemption-points")).toBe("200");
    expect(isChecked(html, "program-expiry-enabled")).toBe(true);
    const rules = parseProgramRules(await storedRules());
    expect(rules).toEqual({
      ...defaultProgramRules(),
      signupBonus: 250,
      earn: { ...defaultProgramRules().earn, pendingDays: 14 },
      redemption: { ...defaultProgramRules().redemption, points: 200 },
      expiry: { enabled: true, monthsWithoutPurchase: 12 },
    });

    const [event, ...older] = await listAuditEvents(t.db.prisma, SHOP, { limit: 10 });
    expect(older).toEqual([]);
    expect(event).toMatchObject({ action: "program.updated", actorId: "demo", actorName: "Demo staff", subjectId: SHOP });
    expect(event?.details).toEqual({
      changes: [
        { path: "earn.pendingDays", from: 0, to: 14 },
        { path: "signupBonus", from: 100, to: 250 },
        { path: "redemption.points", from: 100, to: 200 },
        { path: "expiry.enabled", from: false, to: true },
      ],
      membersRetiered: 0,
    });

    // Saving the same values again changes nothing and records nothing.
    expect((await post(formOf(html))).status).toBe(200);
    expect(await listAuditEvents(t.db.prisma, SHOP, { limit: 10 })).toHaveLength(1);
  });

  it("refuses a form with any invalid field: errors next to each field, 422, nothing saved", async () => {
    const before = await storedRules();
    const html = await (await get("/app/program")).text();
    const response = await post({
      ...formOf(html),
      // Valid on its own: it must not be saved either, since other fields are wrong.
      signupBonus: "999",
      "earn.points": "lots",
      "earn.pendingDays": "-3",
      "redemption.unitMinor": "0",
      "tiers.1.name": "",
      "tiers.2.threshold": "500",
    });
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(fieldError(page, "program-earn-points")).toBe("Enter a whole number, such as 12.");
    expect(fieldError(page, "program-earn-pendingDays")).toBe("Enter 0 or more.");
    expect(fieldError(page, "program-redemption-unitMinor")).toBe("Enter $0.01 or more.");
    expect(fieldError(page, "program-tiers-1-name")).toBe("Enter a name.");
    expect(fieldError(page, "program-tiers-2-threshold")).toBe("Another tier starts at the same spend. Give each tier its own threshold.");
    expect(fieldError(page, "program-signupBonus")).toBeNull();
    expect(decode(page)).toContain("Some settings need attention. Nothing was saved.");
    expect(await storedRules()).toBe(before);
    expect(await listAuditEvents(t.db.prisma, SHOP, { limit: 10 })).toHaveLength(1);
  });

  it("saves a tier's entry reward from the form, audited, and refuses one that is not a whole number of points", async () => {
    const html = await (await get("/app/program")).text();
    expect(inputValue(html, "program-tiers-1-entryPoints")).toBe("0");
    const bad = await post({ ...formOf(html), "tiers.1.entryPoints": "-1" });
    expect(bad.status).toBe(422);
    expect(fieldError(await bad.text(), "program-tiers-1-entryPoints")).toBe("Enter 0 or more.");
    const saved = await post({ ...formOf(html), "tiers.1.entryPoints": "200" });
    expect(saved.status).toBeLessThan(400);
    const silver = parseProgramRules(await storedRules()).tiers.find((tier) => tier.key === "silver");
    expect(silver).toMatchObject({ entryPoints: 200 });
    const [latest] = await listAuditEvents(t.db.prisma, SHOP, { limit: 1 });
    expect(latest?.details).toMatchObject({ changes: [{ path: "tiers.silver.entryPoints", from: null, to: 200 }] });
    expect((await post({ ...formOf(await (await get("/app/program")).text()), "tiers.1.entryPoints": "0" })).status).toBeLessThan(400);
    expect(parseProgramRules(await storedRules()).tiers.find((tier) => tier.key === "silver")).not.toHaveProperty("entryPoints");
  });

  it("answers 400 to a form that is not a program form, and saves nothing", async () => {
    const before = await storedRules();
    const gap = await post({ "tiers.0.name": "Member", "tiers.0.threshold": "0", "tiers.0.multiplierPercent": "1", "tiers.2.name": "Gap" });
    expect(gap.status).toBe(400);
    expect(decode(await gap.text())).toContain("The form could not be read.");
    expect(await storedRules()).toBe(before);
  });

  it("lets a script change one rule and keeps the others", async () => {
    const response = await post({ "referral.advocatePoints": "700" });
    expect(response.status).toBe(200);
    const rules = parseProgramRules(await storedRules());
    expect(rules.referral.advocatePoints).toBe(700);
    expect(rules.signupBonus).toBe(250);
    expect(rules.tiers.map((tier) => tier.key)).toEqual(["member", "silver", "gold"]);
  });

  it("tells a shop Tally has no record of that it must reinstall, and saves nothing for it", async () => {
    await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { domain: "moved-away.myshopify.com" } });
    try {
      const page = decode(await (await get("/app/program")).text());
      expect(page).toContain("This shop is not set up in Tally yet.");
      expect(inputValue(page, "program-signupBonus")).toBe("100");
      const response = await post({ signupBonus: "5" });
      expect(response.status).toBe(409);
      expect(await t.db.prisma.shop.count({ where: { domain: SHOP } })).toBe(0);
    } finally {
      await t.db.prisma.shop.update({ where: { domain: "moved-away.myshopify.com" }, data: { domain: SHOP } });
    }
  });

  describe("with members", () => {
    beforeAll(async () => {
      for (const [customerId, spend] of Object.entries(SPENDS)) {
        const member = await upsertMember(t.db.prisma, { shop: SHOP, customerId, email: `m${customerId}@example.com`, firstName: "M", lastName: customerId }, "member");
        memberIds[customerId] = member.id;
        const tier = spend >= 150_000 ? "gold" : spend >= 50_000 ? "silver" : "member";
        await t.db.prisma.member.update({ where: { id: member.id }, data: { tier, tierSpend: spend } });
        const posted = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: member.id, code: "PURCHASE", points: 100 + Number(customerId), status: "posted", idempotencyKey: `seed:${customerId}:posted` });
        const pending = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: member.id, code: "PURCHASE", points: 40, status: "pending", idempotencyKey: `seed:${customerId}:pending` });
        expect(posted.ok && pending.ok).toBe(true);
      }
      // Another shop's members never count.
      const stranger = await upsertMember(t.db.prisma, { shop: OTHER_SHOP, customerId: "1", email: "x@example.com", firstName: "X", lastName: "Y" }, "member");
      await t.db.prisma.member.update({ where: { id: stranger.id }, data: { tierSpend: 999_999 } });
    });

    it("previews how many members each draft tier would hold, in the order asked", async () => {
      const response = await get("/app/program/tier-preview?thresholds=0,100000,50000,300000");
      expect(response.status).toBe(200);
      // Spends: 0, 100.00, 499.99 | 500.00 | 1,200.00, 1,500.00 | 4,000.00
      expect(await response.json()).toEqual({ thresholds: [0, 100_000, 50_000, 300_000], counts: [3, 2, 1, 1], total: 7 });
      const saved = await (await get("/app/program/tier-preview?thresholds=0,50000,150000")).json();
      expect(saved).toEqual({ thresholds: [0, 50_000, 150_000], counts: [3, 2, 2], total: 7 });
      for (const bad of ["", "?thresholds=", "?thresholds=0,-5", "?thresholds=a,b", `?thresholds=${Array.from({ length: 11 }, (_, n) => n).join(",")}`]) {
        expect((await get(`/app/program/tier-preview${bad}`)).status, bad).toBe(400);
      }
    });

    it("shows the saved tiers' member counts on the page", async () => {
      const html = decode(await (await get("/app/program")).text());
      expect(html).toContain(">3 members<");
      expect(html).toContain(">2 members<");
    });

    it("adds, renames and re-thresholds tiers without touching a point, and moves members to their new tier", async () => {
      const before = await ledgerState();
      expect(before.transfers).toHaveLength(14);
      const html = await (await get("/app/program")).text();
      const form: [string, string][] = Object.entries({
        ...formOf(html),
        "tiers.1.name": "Argent",
        "tiers.2.threshold": "1000",
        "tiers.3.key": "",
        "tiers.3.name": "Platinum",
        "tiers.3.threshold": "3,000",
        "tiers.3.multiplierPercent": "2",
      });
      expect((await post(form)).status).toBe(200);

      expect(await ledgerState()).toEqual(before);
      const rules = parseProgramRules(await storedRules());
      expect(rules.tiers).toEqual([
        { key: "member", name: "Member", threshold: 0, multiplierPercent: 100 },
        { key: "silver", name: "Argent", threshold: 50_000, multiplierPercent: 125 },
        { key: "gold", name: "Gold", threshold: 100_000, multiplierPercent: 150 },
        { key: "platinum", name: "Platinum", threshold: 300_000, multiplierPercent: 200 },
      ]);
      expect(await tierOf("4")).toBe("silver");
      expect(await tierOf("5")).toBe("gold");
      expect(await tierOf("7")).toBe("platinum");
      const [event] = await listAuditEvents(t.db.prisma, SHOP, { limit: 1 });
      expect(event?.details).toEqual({
        changes: [
          { path: "tiers.silver.name", from: "Silver", to: "Argent" },
          { path: "tiers.gold.threshold", from: 150_000, to: 100_000 },
          { path: "tiers.platinum", from: null, to: { name: "Platinum", threshold: 300_000, multiplierPercent: 200 } },
        ],
        membersRetiered: 2,
      });
    });

    it("removes a tier: its members move to the tier their spend reaches, their points stay", async () => {
      const before = await ledgerState();
      const html = await (await get("/app/program")).text();
      const form = formOf(html);
      // Drop Gold (index 2): Platinum becomes index 2.
      const kept = Object.entries(form).filter(([name]) => !name.startsWith("tiers."));
      const tiers = [0, 1, 3].flatMap((from, to) =>
        ["key", "name", "threshold", "multiplierPercent"].map((field): [string, string] => [`tiers.${to}.${field}`, form[`tiers.${from}.${field}`] ?? ""]),
      );
      expect((await post([...kept, ...tiers])).status).toBe(200);
      expect(await ledgerState()).toEqual(before);
      expect(parseProgramRules(await storedRules()).tiers.map((tier) => tier.key)).toEqual(["member", "silver", "platinum"]);
      expect(await tierOf("5")).toBe("silver");
      expect(await tierOf("6")).toBe("silver");
      expect(await tierOf("7")).toBe("platinum");
      expect(await t.db.prisma.member.count({ where: { shop: SHOP, tier: "gold" } })).toBe(0);
      const [event] = await listAuditEvents(t.db.prisma, SHOP, { limit: 1 });
      expect(event?.details).toMatchObject({ changes: [{ path: "tiers.gold", from: { name: "Gold" }, to: null }], membersRetiered: 2 });
    });

    it("recounts members' spend from their orders when the tier window or the counting of test orders changes", async () => {
      const before = await ledgerState();
      const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
      const order = (orderId: string, paidAt: Date, eligibleMinor: number, extra: { refundedMinor?: number; test?: boolean; cancelledAt?: Date } = {}) =>
        t.db.prisma.loyaltyOrder.create({
          data: { shop: SHOP, orderId, customerId: "5", memberId: memberIds["5"], paidAt, eligibleMinor, createdAt: paidAt, updatedAt: paidAt, ...extra },
        });
      await order("5001", daysAgo(30), 60_000, { refundedMinor: 10_000 });
      await order("5002", daysAgo(200), 100_000);
      await order("5003", daysAgo(10), 300_000, { test: true });
      await order("5004", daysAgo(5), 900_000, { cancelledAt: daysAgo(4) });

      expect((await post({ tierWindowDays: "180" })).status).toBe(200);
      expect(await ledgerState()).toEqual(before);
      const spends = await t.db.prisma.member.findMany({ where: { shop: SHOP }, select: { customerId: true, tierSpend: true, tier: true }, orderBy: { customerId: "asc" } });
      expect(spends).toEqual(
        ["1", "2", "3", "4", "5", "6", "7"].map((customerId) =>
          customerId === "5" ? { customerId, tierSpend: 50_000, tier: "silver" } : { customerId, tierSpend: 0, tier: "member" },
        ),
      );
      const [windowEvent] = await listAuditEvents(t.db.prisma, SHOP, { limit: 1 });
      expect(windowEvent?.details).toEqual({ changes: [{ path: "tierWindowDays", from: 365, to: 180 }], membersRetiered: 3 });

      expect((await post({ "earn.includeTestOrders": "true" })).status).toBe(200);
      expect(await ledgerState()).toEqual(before);
      expect(await t.db.prisma.member.findUniqueOrThrow({ where: { id: memberIds["5"] } })).toMatchObject({ tierSpend: 350_000, tier: "platinum" });
      const preview = await (await get("/app/program/tier-preview?thresholds=0,50000,300000")).json();
      expect(preview.counts).toEqual([6, 0, 1]);
    });
  });
});
