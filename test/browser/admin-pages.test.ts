// The admin in a real browser: headless Chromium against the demo server, signed in through the demo's own
// button. Every admin page gets a visit (heading, no error state, no browser error, a screenshot in
// test-results/screenshots/); the pages' own behaviour gets a test of what a person does there.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { formatCount, formatPoints } from "~/admin/format";
import { loadProgramSettings } from "~/admin/program/program-settings.server";
import { activityStrings } from "~/admin/strings/activity";
import { dashboardStrings } from "~/admin/strings/dashboard";
import { deliveriesStrings } from "~/admin/strings/deliveries";
import { emailStrings } from "~/admin/strings/emails";
import { en } from "~/admin/strings/en";
import { importStrings } from "~/admin/strings/imports";
import { transferCodeLabels } from "~/admin/strings/members";
import { programStrings } from "~/admin/strings/program";
import { referralsPage, referralStatusLabels } from "~/admin/strings/referrals";
import { recordCustomerDataRequest } from "~/compliance/customer-data-export.server";
import { openDatabase, type TallyDatabase } from "~/db/database.server";
import { DEMO_ACTOR } from "~/demo/demo-history";
import type { TransferCode } from "~/loyalty/ledger/transfer-codes";
import { DEMO_SHOP, expectNoConsoleErrors, POLL, saveScreenshot, setupDemoAdmin, visitAdminPage } from "../support/browser";

/** Failed deliveries the demo database holds, besides the demo seed: id, order id, order name. */
const FAILED_DELIVERIES = [
  ["browser-failed-1", "820982911946154508", "#9001"],
  ["browser-failed-2", "820982911946154509", "#9002"],
] as const;

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
    // Two updates from Shopify that failed for good: one to look at, one to retry.
    for (const [id, orderId, name] of FAILED_DELIVERIES) {
      await db.prisma.webhookDelivery.create({
        data: {
          id,
          shop: DEMO_SHOP,
          topic: "orders/paid",
          payload: `{"id":${orderId},"name":"${name}","email":"someone@example.com"}`,
          receivedAt: new Date(),
          status: "failed",
          attempts: 10,
          runAfter: new Date(),
          lastError: "Error: the order's currency XYZ is not the shop's (USD)",
        },
      });
    }
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

/** Reads the demo database the server is serving, for what a page should show. */
async function readDemo<T>(read: (db: TallyDatabase) => Promise<T>): Promise<T> {
  const db = openDatabase(demo.server.databaseUrl);
  try {
    return await read(db);
  } finally {
    await db.close();
  }
}

const personName = (member: { firstName: string | null; lastName: string | null } | null) => `${member?.firstName ?? ""} ${member?.lastName ?? ""}`.trim();

/** The demo member with the most points: the one whose page is visited. */
const richestMember = () =>
  readDemo((db) => db.prisma.member.findFirstOrThrow({ where: { shop: DEMO_SHOP }, orderBy: { balance: { available: "desc" } }, include: { balance: true } }));

interface AdminPage {
  name: string;
  /** The page's one h1; a function for a page titled by a record of the demo database. */
  heading: string | (() => Promise<string>);
  /** The page's address; a function for one that names a record of the demo database. */
  path: string | (() => Promise<string>);
  /** Checks, on the rendered page, that it shows the demo's real data and not an empty shell. */
  showsData(page: Page): Promise<void>;
}

/** The text of the table's first body row. */
const firstRowText = async (page: Page) => {
  await expect.poll(() => page.locator("tbody tr").count(), POLL).toBeGreaterThan(0);
  return (await page.locator("tbody tr").first().textContent()) ?? "";
};

/** Every admin page, visited signed in: visitAdminPage checks the heading, error states and the browser's console. */
const ADMIN_PAGES: AdminPage[] = [
  {
    name: "dashboard",
    heading: dashboardStrings.title,
    path: "/app",
    async showsData(page) {
      const members = await readDemo((db) => db.prisma.member.count({ where: { shop: DEMO_SHOP } }));
      expect(members).toBeGreaterThan(0);
      // The first "Members" figure; the repeat purchase rate has one of that name too.
      const figure = page.getByRole("heading", { level: 3, name: dashboardStrings.members.total, exact: true }).first().locator("xpath=following-sibling::p[1]");
      expect(await figure.textContent()).toBe(formatCount(members));
    },
  },
  {
    name: "program",
    heading: programStrings.title,
    path: "/app/program",
    async showsData(page) {
      const rules = await readDemo((db) => loadProgramSettings(db.prisma, DEMO_SHOP));
      expect(await page.getByLabel(programStrings.fields.signupBonus.label).inputValue()).toBe(String(rules.rules.signupBonus));
      expect(await page.getByLabel(programStrings.fields["referral.advocatePoints"].label).inputValue()).toBe(String(rules.rules.referral.advocatePoints));
    },
  },
  {
    name: "members",
    heading: en.members.title,
    path: "/app/members",
    async showsData(page) {
      expect(await firstRowText(page)).toContain((await demoMembers())[0]?.name);
    },
  },
  {
    name: "member",
    heading: async () => personName(await richestMember()),
    path: async () => `/app/members/${(await richestMember()).id}`,
    async showsData(page) {
      const member = await richestMember();
      expect(await page.getByText(formatPoints(member.balance?.available ?? -1), { exact: true }).count()).toBeGreaterThan(0);
      const newest = await readDemo((db) => db.prisma.transfer.findFirstOrThrow({ where: { memberId: member.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] }));
      expect(await firstRowText(page)).toContain(transferCodeLabels[newest.code as TransferCode]);
    },
  },
  {
    name: "referrals",
    heading: referralsPage.title,
    path: "/app/referrals",
    async showsData(page) {
      const { newest, advocate } = await readDemo(async (db) => {
        const referral = await db.prisma.referral.findFirstOrThrow({ where: { shop: DEMO_SHOP }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
        return { newest: referral, advocate: await db.prisma.member.findUniqueOrThrow({ where: { id: referral.advocateMemberId } }) };
      });
      const row = await firstRowText(page);
      expect(row).toContain(personName(advocate));
      expect(row).toContain(referralStatusLabels[newest.status]);
    },
  },
  {
    name: "activity",
    heading: activityStrings.title,
    path: "/app/activity",
    async showsData(page) {
      const newest = await readDemo((db) =>
        db.prisma.transfer.findFirstOrThrow({ where: { shop: DEMO_SHOP }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], include: { member: true } }),
      );
      const row = await firstRowText(page);
      expect(row).toContain(personName(newest.member));
      expect(row).toContain(activityStrings.codes[newest.code as TransferCode]);
      expect(await page.getByRole("tab", { name: activityStrings.tabs.ledger, selected: true }).count()).toBe(1);
    },
  },
  {
    name: "activity-staff-actions",
    heading: activityStrings.title,
    path: "/app/activity?view=audit",
    async showsData(page) {
      expect(await page.getByRole("tab", { name: activityStrings.tabs.audit, selected: true }).count()).toBe(1);
      const rows = page.locator("tbody tr", { hasText: activityStrings.audit.actions["program.updated"] });
      await expect.poll(() => rows.count(), POLL).toBe(1);
      expect(await rows.first().textContent()).toContain(DEMO_ACTOR);
    },
  },
  {
    name: "import-export",
    heading: importStrings.title,
    path: "/app/import-export",
    async showsData(page) {
      expect(await page.getByRole("button", { name: importStrings.export.members }).count()).toBe(1);
      expect(await page.getByLabel(importStrings.upload.fileLabel).count()).toBe(1);
    },
  },
  {
    name: "failed-deliveries",
    heading: deliveriesStrings.title,
    path: "/app/failed-deliveries",
    async showsData(page) {
      const failed = await readDemo((db) => db.prisma.webhookDelivery.count({ where: { shop: DEMO_SHOP, status: "failed" } }));
      await expect.poll(() => page.locator("tbody tr").count(), POLL).toBe(failed);
      expect(await page.getByText(deliveriesStrings.subject({ kind: "order", orderId: FAILED_DELIVERIES[0][1], orderName: FAILED_DELIVERIES[0][2] })).count()).toBe(1);
      expect(await page.getByRole("button", { name: deliveriesStrings.retry }).count()).toBe(failed);
      expect(await page.getByText("someone@example.com").count()).toBe(0);
    },
  },
  {
    // The demo sends no email: the test send (and every email the jobs make) lands in the page's outbox.
    name: "emails",
    heading: emailStrings.title,
    path: "/app/emails",
    async showsData(page) {
      expect(await page.getByText(emailStrings.outboxNotice).count()).toBe(1);
      await page.getByLabel(emailStrings.testToLabel).fill("owner@demo.example");
      await page.getByRole("button", { name: emailStrings.testButton }).click();
      await expect.poll(() => page.getByText(emailStrings.testHeld("owner@demo.example")).count(), POLL).toBe(1);
      const shopName = await readDemo(async (db) => (await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } })).name);
      await expect.poll(() => page.getByText(`Test email from ${shopName}`, { exact: true }).count(), POLL).toBeGreaterThan(0);
    },
  },
  {
    name: "data-requests",
    heading: en.dataRequests.title,
    path: "/app/data-requests",
    async showsData(page) {
      expect(await firstRowText(page)).toMatch(/\d/);
    },
  },
];

describe("every admin page renders with the demo's data", () => {
  it.each(ADMIN_PAGES)("$name", async ({ name, heading, path, showsData }) => {
    const page = await demo.signIn();
    const address = typeof path === "string" ? path : await path();
    await visitAdminPage(page, address, { heading: typeof heading === "string" ? heading : await heading(), screenshot: name });
    await showsData(page);
    expectNoConsoleErrors(page);
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

describe("Failed deliveries", () => {
  it("are counted on the dashboard, and one retried from their page leaves the list", async () => {
    const page = await demo.signIn();
    await visitAdminPage(page, "/app", { heading: dashboardStrings.title });
    const link = page.getByRole("link", { name: deliveriesStrings.dashboardBannerAction });
    await expect.poll(() => link.count(), POLL).toBe(1);
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname, POLL).toBe("/app/failed-deliveries");
    const [id, orderId, name] = FAILED_DELIVERIES[1];
    const subject = deliveriesStrings.subject({ kind: "order", orderId, orderName: name });
    await page.getByRole("button", { name: deliveriesStrings.retryLabel(subject) }).click();
    await expect.poll(() => page.getByText(deliveriesStrings.retried(subject)).count(), POLL).toBe(1);
    await expect.poll(() => page.locator("tbody tr", { hasText: subject }).count(), POLL).toBe(0);
    expect(await readDemo((db) => db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id }, select: { status: true } }))).not.toEqual({ status: "failed" });
    expectNoConsoleErrors(page);
    await saveScreenshot(page, "failed-deliveries-retried");
  });
});

describe("Customer data requests", () => {
  it("lists the stored export and downloads it through the app's authenticated fetch, not a plain link", async () => {
    const page = await demo.signIn();
    await visitAdminPage(page, "/app/data-requests", { heading: en.dataRequests.title });
    const customer = (await demoMembers()).find((member) => member.lastName === DATA_REQUEST_CUSTOMER_LAST_NAME);
    const rows = page.locator("tbody tr");
    await expect.poll(() => rows.count(), POLL).toBe(1);
    expect(await rows.first().textContent()).toContain(customer?.customerId);
    // A button, named for its row: inside Shopify's admin a plain link would carry no session token.
    expect(await rows.first().getByRole("link", { name: en.dataRequests.download }).count()).toBe(0);
    const button = rows.first().getByRole("button", { name: en.dataRequests.downloadLabel(customer?.customerId ?? "") });
    const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^tally-customer-${customer?.customerId}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
    const saved = JSON.parse(readFileSync(await download.path(), "utf8"));
    expect(saved).toMatchObject({ format: "tally-customer-data/1", customerId: customer?.customerId });
    expectNoConsoleErrors(page);
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
