// The Program page's "Actions that earn" through the built app, signed in as demo staff, on SQLite and PostgreSQL:
// the fields it shows, a save of the switches, links and event rules (rules and an audit event naming each change,
// never a point), and what it refuses with each message next to its field (docs/decisions/044-actions-that-earn.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/loyalty/audit/audit-log.server";
import { parseProgramRules } from "~/loyalty/program/program-rules";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { decodeHtml as decode } from "../support/html-text";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "program-actions.myshopify.com";
const BASE = "http://localhost";

function inputTag(html: string, id: string): string {
  const tag = new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  if (!tag) throw new Error(`no input #${id} in the page`);
  return tag;
}
const inputValue = (html: string, id: string) => decode(/\bvalue="([^"]*)"/.exec(inputTag(html, id))?.[1] ?? "");
const isChecked = (html: string, id: string) => /\bchecked=""/.test(inputTag(html, id));
function fieldError(html: string, id: string): string | null {
  const block = new RegExp(`id="${id}Error"[^>]*>([\\s\\S]*?)</div>\\s*</div>`).exec(html)?.[1];
  return block ? decode(block.replace(/<[^>]+>/g, "")).trim() : null;
}

describe.each(testDatabaseKinds())("actions that earn on the Program page on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let cookie: string;
  const get = (path: string) => app(new Request(`${BASE}${path}`, { headers: { Cookie: cookie } }));
  const post = (form: [string, string][]) => app(new Request(`${BASE}/app/program`, { method: "POST", body: new URLSearchParams(form), headers: { Cookie: cookie } }));
  const storedRules = async () => (await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Program actions", currencyCode: "USD" });
    app = await loadBuiltApp({ DATABASE_URL: t.url, NODE_ENV: "development", TALLY_DEMO: "1", TALLY_DEMO_SHOP: SHOP, TALLY_BACKGROUND_JOBS: "0" });
    const signIn = await app(new Request(`${BASE}/demo`, { method: "POST", body: new URLSearchParams({ intent: "sign-in" }) }));
    cookie = (signIn.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
  });
  afterAll(() => t?.destroy());

  it("shows every action off, with a labelled link field per network", async () => {
    const html = await (await get("/app/program")).text();
    expect(decode(html)).toContain("Actions that earn");
    expect(isChecked(html, "program-actions-newsletter-enabled")).toBe(false);
    expect(inputValue(html, "program-actions-newsletter-points")).toBe("100");
    expect(isChecked(html, "program-actions-social-enabled")).toBe(false);
    for (const network of ["instagram", "facebook", "tiktok", "x", "youtube", "pinterest", "linkedin"]) {
      expect(inputValue(html, `program-social-${network}`)).toBe("");
      expect(html).toContain(`for="program-social-${network}"`);
    }
  });

  it("saves the switches, a link and event rules, audited by network and event name, without touching a point", async () => {
    const transfersBefore = await t.db.prisma.transfer.count();
    const response = await post([
      ["actions.newsletter.enabled", "true"],
      ["actions.newsletter.points", "80"],
      ["actions.social.enabled", "true"],
      ["actions.social.points", "25"],
      ["social.instagram", "https://www.instagram.com/tallyshop"],
      ["events.0.event", "review_posted"],
      ["events.0.points", "50"],
      ["events.0.limit", "once"],
      ["events.0.times", "1"],
      ["events.0.label", "Review a product you bought"],
      ["events.1.event", "quiz.completed"],
      ["events.1.points", "20"],
      ["events.1.limit", "day"],
      ["events.1.times", "3"],
      ["events.1.label", ""],
    ]);
    expect(response.status).toBe(200);
    expect(parseProgramRules(await storedRules()).actions).toEqual({
      newsletter: { enabled: true, points: 80 },
      social: { enabled: true, points: 25, links: [{ network: "instagram", url: "https://www.instagram.com/tallyshop" }] },
      customEvents: [
        { event: "review_posted", points: 50, limit: { kind: "once" }, label: "Review a product you bought" },
        { event: "quiz.completed", points: 20, limit: { kind: "per_period", period: "day", times: 3 } },
      ],
    });
    const [event] = await listAuditEvents(t.db.prisma, SHOP, { limit: 10 });
    expect(event).toMatchObject({ action: "program.updated", actorName: "Demo staff" });
    expect(event?.details).toMatchObject({
      changes: [
        { path: "actions.newsletter.enabled", from: false, to: true },
        { path: "actions.newsletter.points", from: 100, to: 80 },
        { path: "actions.social.enabled", from: false, to: true },
        { path: "actions.social.points", from: 50, to: 25 },
        { path: "actions.social.links.instagram", from: null, to: { url: "https://www.instagram.com/tallyshop" } },
        { path: "actions.customEvents.review_posted", from: null, to: { points: 50, limit: "once", label: "Review a product you bought" } },
        { path: "actions.customEvents.quiz.completed", from: null, to: { points: 20, limit: "3/day" } },
      ],
    });
    expect(await t.db.prisma.transfer.count()).toBe(transfersBefore);

    const html = await (await get("/app/program")).text();
    expect(isChecked(html, "program-actions-newsletter-enabled")).toBe(true);
    expect(inputValue(html, "program-social-instagram")).toBe("https://www.instagram.com/tallyshop");
    expect(inputValue(html, "program-events-1-event")).toBe("quiz.completed");
    expect(inputValue(html, "program-events-1-times")).toBe("3");
    // The activity page names the changes as the Program page does.
    const activity = decode(await (await get("/app/activity?view=audit")).text());
    expect(activity).toContain("Actions that earn › Page on instagram");
    expect(activity).toContain("Actions that earn › Event rule review_posted");
  });

  it("refuses a link that is not the network's https page and a malformed event rule: 422, each error by its field, nothing saved", async () => {
    const before = await storedRules();
    const audits = (await listAuditEvents(t.db.prisma, SHOP, { limit: 10 })).length;
    const response = await post([
      ["social.instagram", "http://www.instagram.com/tallyshop"],
      ["social.facebook", "https://phishing.example.com/tallyshop"],
      ["events.0.event", "Review Posted"],
      ["events.0.points", "0"],
      ["events.0.limit", "once"],
      ["events.0.times", "1"],
      ["events.0.label", ""],
    ]);
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(fieldError(page, "program-social-instagram")).toContain("https link of your page on this network");
    expect(fieldError(page, "program-social-facebook")).toContain("https link of your page on this network");
    expect(fieldError(page, "program-events-0-event")).toContain("lower-case letters");
    expect(fieldError(page, "program-events-0-points")).toBe("Enter 1 or more.");
    expect(decode(page)).toContain("Some settings need attention. Nothing was saved.");
    expect(await storedRules()).toBe(before);
    expect(await listAuditEvents(t.db.prisma, SHOP, { limit: 10 })).toHaveLength(audits);
  });
});
