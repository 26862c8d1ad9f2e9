// The birthday bonus on the Program page through the built app, signed in as demo staff, on SQLite and PostgreSQL:
// off by default, saved with the staff member and the change in the audit log (ADR 009), refused when it is not a
// whole number of points (422, nothing saved), and off again stored as no value.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/loyalty/audit/audit-log.server";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { decodeHtml as decode } from "../support/html-text";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "program-birthday.myshopify.com";
const BASE = "http://localhost";

/** The value attribute of the input with this id in rendered HTML. */
function inputValue(html: string, id: string): string | undefined {
  const tag = new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  if (!tag) throw new Error(`no input #${id} in the page`);
  return /\bvalue="([^"]*)"/.exec(tag)?.[1];
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

describe.each(testDatabaseKinds())("the birthday bonus on the Program page on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let cookie: string;

  const get = (path: string) => app(new Request(`${BASE}${path}`, { headers: { Cookie: cookie } }));
  const post = (form: Record<string, string>) => app(new Request(`${BASE}/app/program`, { method: "POST", body: new URLSearchParams(form), headers: { Cookie: cookie } }));
  const storedRules = async () => JSON.parse((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules) as Record<string, unknown>;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Program birthday", currencyCode: "USD" });
    app = await loadBuiltApp({ DATABASE_URL: t.url, NODE_ENV: "development", TALLY_DEMO: "1", TALLY_DEMO_SHOP: SHOP, TALLY_BACKGROUND_JOBS: "0" });
    const signIn = await app(new Request(`${BASE}/demo`, { method: "POST", body: new URLSearchParams({ intent: "sign-in" }) }));
    cookie = (signIn.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/^tally_demo=/);
  });
  afterAll(() => t?.destroy());

  it("is off by default, and a save that keeps it off changes nothing", async () => {
    const html = await (await get("/app/program")).text();
    expect(inputValue(html, "program-birthdayBonus")).toBe("0");
    expect(decode(html)).toContain("Birthday bonus (points)");
    expect(html).toContain('for="program-birthdayBonus"');
    expect((await post(formOf(html))).status).toBe(200);
    expect(await storedRules()).not.toHaveProperty("birthdayBonus");
    expect(await listAuditEvents(t.db.prisma, SHOP, { limit: 10 })).toEqual([]);
  });

  it("refuses what is not a whole number of points, with the error next to the field, and saves nothing", async () => {
    const html = await (await get("/app/program")).text();
    for (const value of ["lots", "-5", "2.5"]) {
      const response = await post({ ...formOf(html), birthdayBonus: value });
      expect(response.status).toBe(422);
      expect(fieldError(await response.text(), "program-birthdayBonus")).not.toBeNull();
    }
    expect(await storedRules()).not.toHaveProperty("birthdayBonus");
    expect(await listAuditEvents(t.db.prisma, SHOP, { limit: 10 })).toEqual([]);
  });

  it("saves it with the staff member and the change in the audit log, and turns it off again", async () => {
    const html = await (await get("/app/program")).text();
    expect((await post({ ...formOf(html), birthdayBonus: "300" })).status).toBe(200);
    expect(inputValue(await (await get("/app/program")).text(), "program-birthdayBonus")).toBe("300");
    expect((await storedRules()).birthdayBonus).toBe(300);
    const [event] = await listAuditEvents(t.db.prisma, SHOP, { limit: 10 });
    expect(event).toMatchObject({ action: "program.updated", actorName: "Demo staff", details: { changes: [{ path: "birthdayBonus", to: 300 }] } });

    expect((await post({ ...formOf(html), birthdayBonus: "0" })).status).toBe(200);
    expect(await storedRules()).not.toHaveProperty("birthdayBonus");
    expect(await listAuditEvents(t.db.prisma, SHOP, { limit: 10 })).toHaveLength(2);
  });
});
