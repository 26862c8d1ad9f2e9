// A tier's catalogue entry reward and the tiers' grace period on the Program page, through the built app signed in as
// demo staff, on SQLite and PostgreSQL: the page offers the catalogue's rewards with a value of their own for each
// tier and a grace period field; saving both writes them with one audit event naming each change; a reward the
// catalogue does not have, one priced per point, or a grace period past a year is refused next to its field and
// nothing is written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/loyalty/audit/audit-log.server";
import { parseProgramRules } from "~/loyalty/program/program-rules";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { decodeHtml as decode } from "../support/html-text";
import { openProgramPage, programForm, type ProgramPage } from "../support/program-page";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "tier-grants-demo.myshopify.com";

describe.each(testDatabaseKinds())("tier entry rewards and grace on the Program page on %s", (kind) => {
  let t: TestDatabase;
  let page: ProgramPage;

  const get = (path: string) => page.get(path);
  const post = (form: Record<string, string>) => page.post(form);
  const storedRules = async () => (await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules;
  const auditCount = async () => (await listAuditEvents(t.db.prisma, SHOP, { limit: 100 })).length;
  /** The page's form with Silver's entry reward and the grace period set. */
  async function formWith(entryRewardId: string, tierGraceDays: string) {
    const form = programForm(await (await get("/app/program")).text());
    const silver = Object.keys(form).find((name) => /^tiers\.\d+\.name$/.test(name) && form[name] === "Silver")?.split(".")[1];
    expect(silver).toBeDefined();
    return { form: { ...form, [`tiers.${silver}.entryRewardId`]: entryRewardId, tierGraceDays }, field: `tiers.${silver}.entryRewardId` };
  }

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Tier grants demo", currencyCode: "USD" });
    page = await openProgramPage(t.url, SHOP);
  });
  afterAll(() => t?.destroy());

  it("offers each tier the catalogue's rewards with a value of their own, and a grace period of none", async () => {
    const html = decode(await (await get("/app/program")).text());
    expect(html).toContain("Reward on reaching it");
    expect(html).toMatch(/<select[^>]*id="program-tiers-1-entryRewardId"/);
    // A fresh install's catalogue: free shipping and 10% off have a value of their own; the per-point ladder has not.
    const options = /<select[^>]*id="program-tiers-1-entryRewardId"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? "";
    expect([...options.matchAll(/<option value="([^"]*)"/g)].map((match) => match[1])).toEqual(["", "percentage-off-10", "free-shipping"]);
    expect(programForm(html).tierGraceDays).toBe("0");
  });

  it("saves a tier's entry reward and the grace period, with one audit event naming both", async () => {
    const before = await auditCount();
    const { form } = await formWith("free-shipping", "30");
    const response = await post(form);
    expect(response.status).toBe(200);
    const rules = parseProgramRules(await storedRules());
    expect(rules.tiers.find((tier) => tier.key === "silver")).toMatchObject({ entryRewardId: "free-shipping" });
    expect(rules.tierGraceDays).toBe(30);
    expect(await auditCount()).toBe(before + 1);
    const [event] = await listAuditEvents(t.db.prisma, SHOP, { limit: 1 });
    expect((event?.details as { changes: unknown[] }).changes).toEqual(
      expect.arrayContaining([
        { path: "tiers.silver.entryRewardId", from: null, to: "free-shipping" },
        { path: "tierGraceDays", from: null, to: 30 },
      ]),
    );
    // The page shows what was saved, and the activity log names both in the page's words.
    const html = decode(await (await get("/app/program")).text());
    expect(html).toMatch(/<option value="free-shipping" selected="">/);
    expect(programForm(html).tierGraceDays).toBe("30");
    const activity = decode(await (await get("/app/activity?view=audit")).text());
    expect(activity).toContain("Tiers › silver › Reward on reaching it: (none) → free-shipping");
    expect(activity).toContain("Tiers › Grace period (days): (none) → 30");
  });

  it.each([
    ["a reward the catalogue does not have", "no-such-reward", "30", "entryRewardId", "Choose a reward of the catalogue with a value of its own (not one priced per point)."],
    ["a reward priced per point", "amount-off", "30", "entryRewardId", "Choose a reward of the catalogue with a value of its own (not one priced per point)."],
    ["a grace period past a year", "free-shipping", "400", "tierGraceDays", "Enter 365 or less."],
  ])("refuses %s next to its field, writing nothing", async (_case, entryRewardId, graceDays, field, message) => {
    const rules = await storedRules();
    const audits = await auditCount();
    const { form } = await formWith(entryRewardId, graceDays);
    const response = await post(form);
    expect(response.status).toBe(422);
    const html = decode(await response.text());
    expect(html).toContain(message);
    expect(html).toContain(field === "tierGraceDays" ? 'id="program-tierGraceDays"' : 'id="program-tiers-1-entryRewardId"');
    expect(await storedRules()).toBe(rules);
    expect(await auditCount()).toBe(audits);
  });
});
