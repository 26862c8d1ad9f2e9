// The reward catalogue on the Program page, through the built app signed in as demo staff, on SQLite and
// PostgreSQL: adding a reward of each kind (a free product's variant checked against the Admin API stand-in),
// editing one, switching one off, moving one; each saved at once with its audit event; invalid input answered 400
// with the message next to its field and nothing written.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/loyalty/audit/audit-log.server";
import { parseProgramRules } from "~/loyalty/program/program-rules";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { adminApi } from "../support/admin-api-standin";
import { decodeHtml as decode } from "../support/html-text";
import { storeOfflineSession } from "../support/offline-admin";
import { openProgramPage, type ProgramPage } from "../support/program-page";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "rewards-demo.myshopify.com";
const VARIANT = "gid://shopify/ProductVariant/7100001";

/** A reward form as the page posts it: every field the form has, filled as a merchant would. */
function rewardForm(fields: Record<string, string>): Record<string, string> {
  const form: Record<string, string> = { intent: "reward.save", "reward.id": "", "reward.enabled": "true", "reward.minimumOrderMinor": "0", "reward.codeLifetimeDays": "30" };
  for (const [name, value] of Object.entries(fields)) form[name === "intent" ? name : `reward.${name}`] = value;
  return form;
}

describe.each(testDatabaseKinds())("the reward catalogue on the Program page on %s", (kind) => {
  let t: TestDatabase;
  let page: ProgramPage;

  const get = (path: string) => page.get(path);
  const post = (form: Record<string, string>) => page.post(form);
  const storedRules = async () => (await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules;
  const rewards = async () => parseProgramRules(await storedRules()).rewards;
  const latestChanges = async () => ((await listAuditEvents(t.db.prisma, SHOP, { limit: 1 }))[0]?.details as { changes: { path: string; from: unknown; to: unknown }[] }).changes;
  const auditCount = async () => (await listAuditEvents(t.db.prisma, SHOP, { limit: 100 })).length;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Rewards demo", currencyCode: "USD" });
    await storeOfflineSession(t.db, SHOP);
    page = await openProgramPage(t.url, SHOP);
  });
  afterAll(() => t?.destroy());
  beforeEach(() => {
    adminApi.store.reset();
    adminApi.store.shop(SHOP).query.productVariants = [{ id: VARIANT, title: "Natural", price: "64.00", product: { id: "gid://shopify/Product/71001", title: "Linen apron" } }];
  });

  it("lists a fresh install's catalogue: the amount-off ladder on, a percentage off and free shipping ready to switch on", async () => {
    expect((await rewards()).map((reward) => [reward.id, reward.kind, reward.points, reward.enabled])).toEqual([
      ["amount-off", "amount_off", 500, true],
      ["percentage-off-10", "percentage_off", 1_000, false],
      ["free-shipping", "free_shipping", 500, false],
    ]);
    const html = decode(await (await get("/app/program")).text());
    expect(html).toContain("Amount off, priced per point · $1.00 off per 100 points · from 500 points, in steps of 100");
    expect(html).toContain("Free shipping · 500 points");
  });

  it("adds a reward of each kind, each with its audit event", async () => {
    const added: [Record<string, string>, Record<string, unknown>][] = [
      [
        { form: "amount_off_fixed", name: "Five off shirts", points: "450", amountMinor: "5", minimumOrderMinor: "20", collectionIds: "41\ngid://shopify/Collection/42", codeLifetimeDays: "14" },
        { kind: "amount_off", pricing: "fixed", amountMinor: 500, minimumOrderMinor: 2_000, collectionIds: ["gid://shopify/Collection/41", "gid://shopify/Collection/42"], codeLifetimeHours: 336 },
      ],
      [{ form: "percentage_off", name: "Twenty percent", points: "2,000", percent: "20" }, { kind: "percentage_off", percent: 20, codeLifetimeHours: 720, collectionIds: [] }],
      [{ form: "free_product", name: "Free apron", points: "900", variantId: "7100001" }, { kind: "free_product", variantId: VARIANT, productTitle: "Linen apron — Natural" }],
      [{ form: "store_credit", name: "Ten in credit", points: "1000", amountMinor: "10" }, { kind: "store_credit", amountMinor: 1_000 }],
      [{ form: "amount_off_per_points", name: "Big ladder", points: "2000", stepPoints: "500", codeLifetimeDays: "365" }, { kind: "amount_off", pricing: "per_points", stepPoints: 500, codeLifetimeHours: 8_760 }],
    ];
    for (const [form, stored] of added) {
      const before = await auditCount();
      const response = await post(rewardForm(form));
      expect(response.status, JSON.stringify(form)).toBe(200);
      const reward = (await rewards()).at(-1);
      expect(reward).toMatchObject({ name: form.name, enabled: true, ...stored });
      expect(reward?.id).toMatch(/^[a-z-]+-r[a-z2-9]{6}$/);
      expect(await auditCount()).toBe(before + 1);
      expect(await latestChanges()).toEqual([{ path: `rewards.${reward?.id}`, from: null, to: expect.objectContaining({ name: form.name }) }]);
    }
    const html = decode(await (await get("/app/program")).text());
    expect(html).toContain("Free product · Linen apron — Natural · 900 points");
    expect(html).toContain("Store credit · $10.00 · 1,000 points");
  });

  it("edits a reward in place, keeping its id, and records each changed term", async () => {
    const response = await post(rewardForm({ id: "free-shipping", form: "free_shipping", name: "Free shipping", points: "800", minimumOrderMinor: "35", codeLifetimeDays: "7" }));
    expect(response.status).toBe(200);
    expect((await rewards()).find((reward) => reward.id === "free-shipping")).toEqual({
      id: "free-shipping",
      name: "Free shipping",
      kind: "free_shipping",
      enabled: true,
      points: 800,
      minimumOrderMinor: 3_500,
      codeLifetimeHours: 168,
      tierKeys: [],
    });
    expect(await latestChanges()).toEqual([
      { path: "rewards.free-shipping.enabled", from: false, to: true },
      { path: "rewards.free-shipping.minimumOrderMinor", from: 0, to: 3_500 },
      { path: "rewards.free-shipping.codeLifetimeHours", from: 720, to: 168 },
      { path: "rewards.free-shipping.points", from: 500, to: 800 },
    ]);
    // The activity page describes it in the page's words.
    const activity = decode(await (await get("/app/activity?view=audit")).text());
    expect(activity).toContain("Rewards › free-shipping › Cost (points)");
  });

  it("switches a reward off and on, and moves one, each audited", async () => {
    expect((await post({ intent: "reward.switch", "reward.id": "amount-off", "reward.enabled": "false" })).status).toBe(200);
    expect((await rewards()).find((reward) => reward.id === "amount-off")?.enabled).toBe(false);
    expect(await latestChanges()).toEqual([{ path: "rewards.amount-off.enabled", from: true, to: false }]);
    expect((await post({ intent: "reward.switch", "reward.id": "amount-off", "reward.enabled": "true" })).status).toBe(200);

    const order = (await rewards()).map((reward) => reward.id);
    expect((await post({ intent: "reward.move", "reward.id": "free-shipping", direction: "up" })).status).toBe(200);
    const moved = [...order];
    const at = moved.indexOf("free-shipping");
    [moved[at - 1], moved[at]] = [moved[at] as string, moved[at - 1] as string];
    expect((await rewards()).map((reward) => reward.id)).toEqual(moved);
    expect(await latestChanges()).toEqual([{ path: "rewards.order", from: order, to: moved }]);

    // Saving the page's other rules keeps the catalogue as it is.
    const catalogue = await rewards();
    expect((await post({ signupBonus: "150" })).status).toBe(200);
    expect(await latestChanges()).toEqual([{ path: "signupBonus", from: 100, to: 150 }]);
    expect(await rewards()).toEqual(catalogue);
  });

  it("answers 400 to invalid input with the message next to its field, and writes nothing", async () => {
    const before = await storedRules();
    const audited = await auditCount();
    const cases: [Record<string, string>, string, string][] = [
      [rewardForm({ form: "amount_off_fixed", name: "Bad", points: "lots", amountMinor: "5" }), "reward-points", "Enter a whole number, such as 12."],
      [rewardForm({ form: "amount_off_fixed", name: "", points: "100", amountMinor: "5" }), "reward-name", "Enter a name."],
      [rewardForm({ form: "percentage_off", name: "Too much", points: "100", percent: "150" }), "reward-percent", "Enter 100 or less."],
      [rewardForm({ form: "store_credit", name: "Nothing", points: "100", amountMinor: "0" }), "reward-amountMinor", "Enter $0.01 or more."],
      [rewardForm({ form: "free_shipping", name: "Forever", points: "100", codeLifetimeDays: "400" }), "reward-codeLifetimeDays", "A code lasts from 1 hour to 365 days."],
      [rewardForm({ form: "percentage_off", name: "Odd", points: "100", percent: "5", collectionIds: "shirts" }), "reward-collectionIds", "Enter collection ids, one per line (a number, or gid://shopify/Collection/…), each once."],
      [rewardForm({ form: "free_product", name: "Gone", points: "100", variantId: "999" }), "reward-variantId", "Your store has no such product variant. Choose one from your products."],
    ];
    for (const [form, field, message] of cases) {
      const response = await post(form);
      expect(response.status, JSON.stringify(form)).toBe(400);
      const page = await response.text();
      const error = new RegExp(`id="${field}Error"[^>]*>([\\s\\S]*?)</div>\\s*</div>`).exec(page)?.[1];
      expect(error ? decode(error.replace(/<[^>]+>/g, "")).trim() : null, field).toBe(message);
    }
    for (const form of [
      { intent: "reward.switch", "reward.id": "no-such-reward", "reward.enabled": "false" },
      { intent: "reward.move", "reward.id": (await rewards())[0]?.id ?? "", direction: "up" },
      rewardForm({ id: "no-such-reward", form: "free_shipping", name: "Ghost", points: "100" }),
    ]) {
      const response = await post(form);
      expect(response.status, JSON.stringify(form)).toBe(400);
    }
    expect(await storedRules()).toBe(before);
    expect(await auditCount()).toBe(audited);
  });
});
