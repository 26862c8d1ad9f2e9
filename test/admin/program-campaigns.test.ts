// Bonus campaigns and excluded collections on the Program page, through the built app signed in as demo staff, on
// SQLite and PostgreSQL: a campaign added, changed and deleted, each saved at once with its audit event; its window
// typed in its time zone and stored as UTC instants; the collections it names (and those excluded from earning)
// listed with the Admin API stand-in before the save; invalid input answered 400 with the message next to its
// field and nothing written.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/loyalty/audit/audit-log.server";
import { parseProgramRules } from "~/loyalty/program/program-rules";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { adminApi } from "../support/admin-api-standin";
import { decodeHtml as decode } from "../support/html-text";
import { storeOfflineSession } from "../support/offline-admin";
import { openProgramPage, type ProgramPage } from "../support/program-page";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "campaigns-demo.myshopify.com";
const SUMMER = "gid://shopify/Collection/41";
const GIFT_BOXES = "gid://shopify/Collection/42";

/** A campaign form as the page posts it, filled as a merchant would. */
function campaignForm(fields: Record<string, string>): Record<string, string> {
  const form: Record<string, string> = {
    intent: "campaign.save",
    "campaign.id": "",
    "campaign.name": "Black Friday",
    "campaign.kind": "multiply",
    "campaign.multiplier": "2",
    "campaign.points": "",
    "campaign.startsAt": "2026-11-27T00:00",
    "campaign.endsAt": "2026-11-30T00:00",
    "campaign.timeZone": "America/New_York",
    "campaign.collectionIds": "",
    "campaign.enabled": "true",
  };
  for (const [name, value] of Object.entries(fields)) form[`campaign.${name}`] = value;
  return form;
}

function fieldError(page: string, field: string): string | null {
  const error = new RegExp(`id="${field}Error"[^>]*>([\\s\\S]*?)</div>\\s*</div>`).exec(page)?.[1];
  return error ? decode(error.replace(/<[^>]+>/g, "")).trim() : null;
}

describe.each(testDatabaseKinds())("bonus campaigns on the Program page on %s", (kind) => {
  let t: TestDatabase;
  let page: ProgramPage;

  const get = (path: string) => page.get(path);
  const post = (form: Record<string, string>) => page.post(form);
  const storedRules = async () => (await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules;
  const rules = async () => parseProgramRules(await storedRules());
  const latest = async () => (await listAuditEvents(t.db.prisma, SHOP, { limit: 1 }))[0];
  const auditCount = async () => (await listAuditEvents(t.db.prisma, SHOP, { limit: 100 })).length;
  const collectionReads = () => adminApi.store.requests.filter((request) => request.operationName === "TallyCollectionProducts");

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Campaigns demo", currencyCode: "USD" });
    await storeOfflineSession(t.db, SHOP);
    page = await openProgramPage(t.url, SHOP);
  });
  afterAll(() => t?.destroy());
  beforeEach(() => {
    adminApi.store.reset();
    adminApi.store.shop(SHOP).query.collections = [
      { id: SUMMER, title: "Summer", products: [{ id: "gid://shopify/Product/500" }, { id: "gid://shopify/Product/501" }] },
      { id: GIFT_BOXES, title: "Gift boxes", products: [{ id: "gid://shopify/Product/900" }] },
    ];
  });

  it("adds a campaign typed in its time zone, stores its window in UTC and shows it back as typed", async () => {
    const response = await post(campaignForm({}));
    expect(response.status).toBe(200);
    expect((await rules()).campaigns).toEqual([
      {
        id: "black-friday",
        name: "Black Friday",
        kind: "multiply",
        multiplierPercent: 200,
        points: 0,
        startsAt: "2026-11-27T05:00:00.000Z",
        endsAt: "2026-11-30T05:00:00.000Z",
        timeZone: "America/New_York",
        collectionIds: [],
        enabled: true,
      },
    ]);
    const event = await latest();
    expect(event).toMatchObject({ action: "program.updated", subjectId: SHOP });
    expect((event?.details as { changes: unknown[] }).changes).toEqual([{ path: "campaigns.black-friday", from: null, to: expect.objectContaining({ name: "Black Friday", multiplierPercent: 200 }) }]);
    // No collection named: Shopify was not asked.
    expect(collectionReads()).toHaveLength(0);
    const html = decode(await (await get("/app/program")).text());
    expect(html).toContain("×2 points on every product · 2026-11-27 00:00 to 2026-11-30 00:00 (America/New_York)");
  });

  it("lists a campaign's collections with the Admin API before saving it, and changes one term at a time", async () => {
    const response = await post(campaignForm({ id: "black-friday", multiplier: "3", collectionIds: "41" }));
    expect(response.status).toBe(200);
    expect((await rules()).campaigns[0]).toMatchObject({ multiplierPercent: 300, collectionIds: [SUMMER] });
    expect((await latest())?.details).toMatchObject({
      changes: [
        { path: "campaigns.black-friday.multiplierPercent", from: 200, to: 300 },
        { path: "campaigns.black-friday.collectionIds", from: [], to: [SUMMER] },
      ],
    });
    expect(collectionReads().map((request) => request.variables.id)).toEqual([SUMMER]);
    const stored = await t.db.prisma.collectionProduct.findMany({ where: { shop: SHOP }, orderBy: { productId: "asc" } });
    expect(stored.map((row) => [row.collectionId, row.productId])).toEqual([
      [SUMMER, "500"],
      [SUMMER, "501"],
    ]);
  });

  it("saves the collections that earn nothing from the page's form, listed first, and keeps the campaigns", async () => {
    const campaigns = (await rules()).campaigns;
    const response = await post({ "earn.excludedCollectionIds": `${GIFT_BOXES}\n` });
    expect(response.status).toBe(200);
    expect((await rules()).earn.excludedCollectionIds).toEqual([GIFT_BOXES]);
    expect((await rules()).campaigns).toEqual(campaigns);
    expect((await latest())?.details).toMatchObject({ changes: [{ path: "earn.excludedCollectionIds", from: [], to: [GIFT_BOXES] }] });
    expect(collectionReads().map((request) => request.variables.id)).toEqual([GIFT_BOXES]);
    expect(await t.db.prisma.collectionProduct.count({ where: { shop: SHOP, collectionId: GIFT_BOXES } })).toBe(1);
  });

  it("answers 400 to invalid input with the message next to its field, and writes nothing", async () => {
    const before = await storedRules();
    const audited = await auditCount();
    const cases: [Record<string, string>, string, string][] = [
      [campaignForm({ name: "" }), "campaign-name", "Enter a name."],
      [campaignForm({ multiplier: "1" }), "campaign-multiplier", "Enter a multiplier above 1 with up to two decimals, such as 2 or 1.5."],
      [campaignForm({ multiplier: "12" }), "campaign-multiplier", "Enter 10 or less."],
      [campaignForm({ kind: "add", points: "0" }), "campaign-points", "Enter 1 or more."],
      [campaignForm({ endsAt: "2026-11-26T00:00" }), "campaign-endsAt", "End the campaign after it starts."],
      [campaignForm({ endsAt: "2028-01-01T00:00" }), "campaign-endsAt", "A campaign lasts at most 366 days."],
      [campaignForm({ startsAt: "next friday" }), "campaign-startsAt", "Enter a date and time, such as 2026-11-27T00:00."],
      [campaignForm({ timeZone: "Mars/Olympus" }), "campaign-timeZone", "Enter a time zone such as Europe/Paris or America/New_York."],
      [campaignForm({ collectionIds: "shirts" }), "campaign-collectionIds", "Enter collection ids, one per line (a number, or gid://shopify/Collection/…), each once."],
      [campaignForm({ collectionIds: "77" }), "campaign-collectionIds", "Your store has no collection 77. Pick one from your collections."],
    ];
    for (const [form, field, message] of cases) {
      const response = await post(form);
      expect(response.status, JSON.stringify(form)).toBe(400);
      expect(fieldError(await response.text(), field), field).toBe(message);
    }
    const ghost = await post(campaignForm({ id: "no-such-campaign" }));
    expect(ghost.status).toBe(400);
    const page = await post({ "earn.excludedCollectionIds": "78" });
    expect(page.status).toBe(422);
    expect(fieldError(await page.text(), "program-earn-excludedCollectionIds")).toBe("Your store has no collection 78. Pick one from your collections.");
    expect(await storedRules()).toBe(before);
    expect(await auditCount()).toBe(audited);
  });

  it("deletes a campaign with its audit event and forgets collections no longer named", async () => {
    const response = await post({ intent: "campaign.delete", "campaign.id": "black-friday" });
    expect(response.status).toBe(200);
    expect((await rules()).campaigns).toEqual([]);
    expect((await latest())?.details).toMatchObject({ changes: [{ path: "campaigns.black-friday", from: expect.objectContaining({ name: "Black Friday" }), to: null }] });
    expect(await t.db.prisma.collectionProduct.count({ where: { shop: SHOP, collectionId: SUMMER } })).toBe(0);
    expect(await t.db.prisma.collectionProduct.count({ where: { shop: SHOP, collectionId: GIFT_BOXES } })).toBe(1);
  });
  it("takes a window typed without a time zone as the shop's local time (its Shopify time zone), not UTC", async () => {
    await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { timeZone: "Europe/Paris" } });
    try {
      const blank = await post(campaignForm({ name: "Paris sale", timeZone: "" }));
      expect(blank.status).toBe(200);
      const form = campaignForm({ name: "Paris night" });
      delete form["campaign.timeZone"];
      expect((await post(form)).status).toBe(200);
      const saved = (await rules()).campaigns.filter((campaign) => campaign.name.startsWith("Paris"));
      // Midnight in Paris in November is 23:00 UTC the day before.
      expect(saved.map(({ name, startsAt, endsAt, timeZone }) => ({ name, startsAt, endsAt, timeZone }))).toEqual([
        { name: "Paris sale", startsAt: "2026-11-26T23:00:00.000Z", endsAt: "2026-11-29T23:00:00.000Z", timeZone: "Europe/Paris" },
        { name: "Paris night", startsAt: "2026-11-26T23:00:00.000Z", endsAt: "2026-11-29T23:00:00.000Z", timeZone: "Europe/Paris" },
      ]);
      const html = decode(await (await get("/app/program")).text());
      expect(html).toContain("2026-11-27 00:00 to 2026-11-30 00:00 (Europe/Paris)");
    } finally {
      await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { timeZone: null } });
    }
  });
});
