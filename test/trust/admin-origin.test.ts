// Changes to the admin sent from another site: a form on another origin that posts to an admin action (the
// staff member's browser adds the demo cookie, or an attacker replays a session token) gets 403 with a message
// and changes nothing, in the demo and in a real install; the app's own pages and App Bridge's authenticated
// fetches keep working.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { openDemoAdmin, type DemoAdmin } from "../support/demo-admin";
import { SHOP, seedMembers } from "../support/members";
import { TEST_API_SECRET } from "../support/shopify-requests";
import { BROWSER_USER_AGENT, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const EVIL = "https://evil.example";
const APP_URL = "https://tally.example.com";
const SCOPES = "read_customers,write_customers,read_orders,read_discounts,write_discounts";

describe.each(testDatabaseKinds())("admin actions from another origin on %s", (kind) => {
  let t: TestDatabase;
  let demo: DemoAdmin;
  let installed: AppHandler;
  let memberId: string;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    [memberId = ""] = await seedMembers(t.db, 1);
    await t.db.prisma.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope: SCOPES, accessToken: `shpat_test_${SHOP}` } });
    demo = await openDemoAdmin(t.url, SHOP);
    installed = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, SHOPIFY_APP_URL: APP_URL, SCOPES, TALLY_BACKGROUND_JOBS: "0" });
  });
  afterAll(() => t.destroy());

  const adjustments = () => t.db.prisma.transfer.count({ where: { shop: SHOP, code: "ADJUSTMENT" } });
  const adjustment = () => new URLSearchParams({ points: "50", reason: "Goodwill", idempotencyKey: randomUUID() });

  function demoPost(path: string, headers: Record<string, string>, body: URLSearchParams = adjustment()): Promise<Response> {
    return demo.app(new Request(`http://localhost${path}`, { method: "POST", body, headers: { Cookie: demo.cookie, ...headers } }));
  }

  /** As App Bridge's authenticated fetch sends it from the app's page inside Shopify's admin, behind a proxy. */
  function installedPost(path: string, headers: Record<string, string>): Promise<Response> {
    return installed(
      new Request(`http://localhost${path}`, {
        method: "POST",
        body: adjustment(),
        headers: { Authorization: `Bearer ${sessionToken({ shop: SHOP, claims: { sub: "42" } })}`, "X-Forwarded-Host": "tally.example.com", "User-Agent": BROWSER_USER_AGENT, ...headers },
      }),
    );
  }

  it("refuses a demo staff member's change posted from another site with 403, and writes nothing", async () => {
    const before = await adjustments();
    const attempts: Record<string, string>[] = [{ Origin: EVIL }, { Origin: "null" }, { "Sec-Fetch-Site": "cross-site" }, { Origin: EVIL, "Sec-Fetch-Site": "cross-site" }];
    for (const headers of attempts) {
      const response = await demoPost(`/app/members/${memberId}`, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.text(), JSON.stringify(headers)).toMatch(/^Tally refused this change because it was sent from another site.*open Tally from your Shopify admin/);
    }
    // Remix's own data requests (single fetch) for the same action.
    expect((await demoPost(`/app/members/${memberId}.data`, { Origin: EVIL })).status).toBe(403);
    expect(await adjustments()).toBe(before);
  });

  it("refuses the demo sign-in posted from another site", async () => {
    const response = await demo.app(new Request("http://localhost/demo", { method: "POST", body: new URLSearchParams({ intent: "sign-in" }), headers: { Origin: EVIL } }));
    expect(response.status).toBe(403);
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });

  it("takes the demo's changes from its own pages", async () => {
    const before = await adjustments();
    const sameOrigin = await demoPost(`/app/members/${memberId}`, { Origin: demo.app.origin, "Sec-Fetch-Site": "same-origin" });
    expect(sameOrigin.status).toBe(200);
    const noOrigin = await demoPost(`/app/members/${memberId}`, {});
    expect(noOrigin.status).toBe(200);
    expect(await adjustments()).toBe(before + 2);
  });

  it("refuses an installed shop's change posted from another site with 403, even with a valid session token", async () => {
    const before = await adjustments();
    const attempts: Record<string, string>[] = [{ Origin: EVIL }, { "Sec-Fetch-Site": "cross-site" }];
    for (const headers of attempts) {
      const response = await installedPost(`/app/members/${memberId}`, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.text()).toContain("sent from another site");
    }
    expect(await adjustments()).toBe(before);
  });

  it("takes App Bridge's authenticated fetch from the app's own origin", async () => {
    const before = await adjustments();
    const response = await installedPost(`/app/members/${memberId}`, { Origin: APP_URL, "Sec-Fetch-Site": "same-origin" });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await adjustments()).toBe(before + 1);
    const recorded = await t.db.prisma.transfer.findFirstOrThrow({ where: { shop: SHOP, code: "ADJUSTMENT" }, orderBy: { createdAt: "desc" } });
    expect(recorded.actor).toBe("Staff member 42");
  });
});
