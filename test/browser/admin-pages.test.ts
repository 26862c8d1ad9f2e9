// The admin in a real browser: headless Chromium against the demo server, signed in through the demo's own
// button. Every admin page gets a visit (heading, no error state, no browser error, a screenshot in
// test-results/screenshots/); the pages' own behaviour gets a test of what a person does there.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { formatPoints } from "~/admin/format";
import { en } from "~/admin/strings/en";
import { recordCustomerDataRequest } from "~/compliance/customer-data-export.server";
import { openDatabase } from "~/db/database.server";
import { DEMO_SHOP, expectNoConsoleErrors, POLL, saveScreenshot, setupDemoAdmin, visitAdminPage } from "../support/browser";

/** The customer whose data request the demo database holds, besides the demo seed. */
const DATA_REQUEST_CUSTOMER_LAST_NAME = "Petrova";

const demo = setupDemoAdmin({
  async seed(db) {
    const member = await db.prisma.member.findFirstOrThrow({ where: { shop: DEMO_SHOP, lastName: DATA_REQUEST_CUSTOMER_LAST_NAME } });
    await recordCustomerDataRequest(
      db,
      DEMO_SHOP,
      { shop_id: "1", shop_domain: DEMO_SHOP, orders_requested: [], customer: { id: member.customerId, email: member.email }, data_request: { id: "9001" } },
      new Date(),
    );
  },
});

interface ListedMember {
  name: string;
  lastName: string;
  customerId: string;
  available: number;
}

/** The demo members as the list orders them: most points first. */
async function demoMembers(): Promise<ListedMember[]> {
  const db = openDatabase(demo.server.databaseUrl);
  try {
    const rows = await db.prisma.member.findMany({ where: { shop: DEMO_SHOP }, include: { balance: true } });
    return rows
      .map((row) => ({ name: `${row.firstName} ${row.lastName}`, lastName: row.lastName ?? "", customerId: row.customerId, available: row.balance?.available ?? 0 }))
      .sort((a, b) => b.available - a.available);
  } finally {
    await db.close();
  }
}

const memberRows = (page: Page) => page.locator("tbody tr");

describe("signing in to the demo", () => {
  it("opens the admin from the demo's sign-in button, inside the demo frame", async () => {
    const page = await demo.signIn();
    expect(new URL(page.url()).pathname).toMatch(/^\/app(\/|$)/);
    await expect.poll(() => page.getByText(en.demo.banner).count(), POLL).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole("link", { name: en.nav.members }).count(), POLL).toBeGreaterThan(0);
  });

  it("sends a visitor who is not signed in to the sign-in page", async () => {
    const page = demo.page;
    await page.goto("/app/members");
    expect(new URL(page.url()).pathname).toBe("/demo");
    await expect.poll(() => page.getByRole("button", { name: en.demo.signIn }).count(), POLL).toBe(1);
    expectNoConsoleErrors(page);
  });
});

/** Every admin page, visited signed in: one line each (visitAdminPage says what is checked). */
const ADMIN_PAGES: Array<{ path: string; heading: string }> = [
  { path: "/app/members", heading: en.members.title },
  { path: "/app/data-requests", heading: en.dataRequests.title },
];

describe("every admin page renders", () => {
  it.each(ADMIN_PAGES)("$path", async ({ path, heading }) => {
    await visitAdminPage(await demo.signIn(), path, { heading });
  });
});

describe("Members", () => {
  it("lists the demo members with their balances, most points first", async () => {
    const page = await demo.signIn();
    await visitAdminPage(page, "/app/members", { heading: en.members.title });
    const members = await demoMembers();
    await expect.poll(() => memberRows(page).count(), POLL).toBe(members.length);
    const first = memberRows(page).first();
    expect(await first.textContent()).toContain(members[0]?.name);
    expect(await first.textContent()).toContain(formatPoints(members[0]?.available ?? -1));
    for (const heading of [en.members.columns.name, en.members.columns.email, en.members.columns.tier]) {
      expect(await page.getByRole("columnheader", { name: heading, exact: true }).count(), heading).toBe(1);
    }
  });

  it("searches by keyboard alone: Tab to the search field, type, Enter", async () => {
    const page = await demo.signIn();
    await visitAdminPage(page, "/app/members", { heading: en.members.title });
    const target = (await demoMembers()).find((member) => member.lastName === DATA_REQUEST_CUSTOMER_LAST_NAME);
    expect(target).toBeDefined();

    const search = page.getByLabel(en.members.searchLabel);
    for (let presses = 0; presses < 40 && !(await search.evaluate((input) => input === document.activeElement)); presses++) {
      await page.keyboard.press("Tab");
    }
    expect(await search.evaluate((input) => input === document.activeElement), "the search field is reachable with Tab").toBe(true);
    await page.keyboard.type(DATA_REQUEST_CUSTOMER_LAST_NAME.toLowerCase());
    await Promise.all([page.waitForURL((url) => url.searchParams.get("q") === "petrova"), page.keyboard.press("Enter")]);

    await expect.poll(() => memberRows(page).count(), POLL).toBe(1);
    expect(await memberRows(page).first().textContent()).toContain(target?.name);
    expect(await search.inputValue()).toBe("petrova");
    expectNoConsoleErrors(page);
    await saveScreenshot(page, "members-search");
  });
});

describe("Customer data requests", () => {
  it("lists the stored export with a download link", async () => {
    const page = await demo.signIn();
    await visitAdminPage(page, "/app/data-requests", { heading: en.dataRequests.title });
    const customer = (await demoMembers()).find((member) => member.lastName === DATA_REQUEST_CUSTOMER_LAST_NAME);
    const rows = page.locator("tbody tr");
    await expect.poll(() => rows.count(), POLL).toBe(1);
    expect(await rows.first().textContent()).toContain(customer?.customerId);
    const download = rows.first().getByRole("link", { name: en.dataRequests.download });
    expect(await download.getAttribute("href")).toMatch(/^\/app\/data-requests\/[0-9a-f-]{36}$/);
  });
});

describe("the checks every visit makes", () => {
  it("fail on a page that is not there, and on an error the browser logged", async () => {
    const page = await demo.signIn();
    await expect(visitAdminPage(page, "/app/no-such-page", { heading: en.members.title })).rejects.toThrow("GET /app/no-such-page");
    // The browser logs the 404 itself, and that is reported too.
    expect(() => expectNoConsoleErrors(page)).toThrow("404");
    await page.evaluate(() => console.error("a script failed"));
    expect(() => expectNoConsoleErrors(page)).toThrow("a script failed");
  });
});
