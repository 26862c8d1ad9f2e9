// Tier-only rewards on the Program page, through the built app signed in as demo staff, on SQLite and PostgreSQL:
// the reward form offers the program's tiers to tick; a reward kept for chosen tiers is saved with its audit event and listed with its tiers; a tier the program does not
// have is refused next to its field and nothing is written; and a tier a reward is kept for cannot be removed until
// the reward is changed, with the reason in the form's banner.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/loyalty/audit/audit-log.server";
import { parseProgramRules } from "~/loyalty/program/program-rules";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { decodeHtml as decode } from "../support/html-text";
import { openProgramPage, programForm, type ProgramPage } from "../support/program-page";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "tier-rewards-demo.myshopify.com";

describe.each(testDatabaseKinds())("tier-only rewards on the Program page on %s", (kind) => {
  let t: TestDatabase;
  let page: ProgramPage;

  const get = (path: string) => page.get(path);
  const post = (form: Record<string, string>) => page.post(form);
  const storedRules = async () => (await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules;
  const auditCount = async () => (await listAuditEvents(t.db.prisma, SHOP, { limit: 100 })).length;
  const reward = (fields: Record<string, string>) => ({
    intent: "reward.save",
    "reward.id": "",
    "reward.enabled": "true",
    "reward.minimumOrderMinor": "0",
    "reward.codeLifetimeDays": "30",
    ...Object.fromEntries(Object.entries(fields).map(([name, value]) => [`reward.${name}`, value])),
  });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Tier rewards demo", currencyCode: "USD" });
    page = await openProgramPage(t.url, SHOP);
  });
  afterAll(() => t?.destroy());

  it("saves a reward kept for chosen tiers, audits it and lists it with its tiers", async () => {
    const before = await auditCount();
    const response = await post(reward({ form: "free_shipping", name: "Gold shipping", points: "400", tierKeys: "silver,gold" }));
    expect(response.status).toBe(200);
    const saved = parseProgramRules(await storedRules()).rewards.find((entry) => entry.name === "Gold shipping");
    expect(saved).toMatchObject({ kind: "free_shipping", points: 400, tierKeys: ["silver", "gold"] });
    expect(await auditCount()).toBe(before + 1);
    const [event] = await listAuditEvents(t.db.prisma, SHOP, { limit: 1 });
    expect(JSON.stringify(event?.details)).toContain('"tierKeys":["silver","gold"]');
    expect(decode(await (await get("/app/program")).text())).toContain("Free shipping · Silver, Gold members only");
  });

  it("refuses a tier the program does not have, next to the field, and writes nothing", async () => {
    const rules = await storedRules();
    const audits = await auditCount();
    const response = await post(reward({ form: "free_shipping", name: "Platinum shipping", points: "400", tierKeys: "platinum" }));
    expect(response.status).toBe(400);
    const html = decode(await response.text());
    expect(html).toContain("Tick tiers your program has, each once, or none for every member.");
    // The form comes back open, offering the program's tiers to tick.
    expect(html).toContain("Only for members of these tiers");
    for (const key of ["member", "silver", "gold"]) expect(html).toContain(`id="reward-tierKeys-${key}"`);
    expect(await storedRules()).toBe(rules);
    expect(await auditCount()).toBe(audits);
  });

  it("keeps a tier a reward is kept for until the reward is changed, saying why", async () => {
    const form = programForm(await (await get("/app/program")).text());
    const gold = Object.keys(form).find((name) => /^tiers\.\d+\.name$/.test(name) && form[name] === "Gold")?.split(".")[1];
    expect(gold).toBeDefined();
    const withoutGold = Object.fromEntries(Object.entries(form).filter(([name]) => !name.startsWith(`tiers.${gold}.`)));
    const rules = await storedRules();
    const refused = await post(withoutGold);
    expect(refused.status).toBe(422);
    expect(decode(await refused.text())).toContain(`"Gold shipping" is for a tier the program no longer has (gold). Change that reward's tiers under Rewards first, then remove the tier.`);
    expect(await storedRules()).toBe(rules);

    // Kept for Silver alone, the reward no longer holds Gold back.
    const id = parseProgramRules(rules).rewards.find((entry) => entry.name === "Gold shipping")?.id ?? "";
    expect((await post(reward({ id, form: "free_shipping", name: "Gold shipping", points: "400", tierKeys: "silver" }))).status).toBe(200);
    expect((await post(withoutGold)).status).toBe(200);
    expect(parseProgramRules(await storedRules()).tiers.map((tier) => tier.key)).toEqual(["member", "silver"]);
  });
});
