// The storefront widget's birthday section in Chromium, on the local storefront page that renders the real app embed
// block and loads the built assets, with /apps/tally/* forwarded, signed as Shopify's app proxy signs it, to the demo
// server (the built app over a freshly seeded demo shop whose program pays a birthday bonus). A member who has not
// given a birthday sees the bonus, picks a month and a day, and the app stores it; the panel then shows it.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type TallyDatabase } from "~/db/database.server";
import { DEMO_API_SECRET, DEMO_SHOP } from "~/env.server";
import { findShop, setProgramRules } from "~/loyalty/program/shop-store.server";
import { launchChromium, SCREENSHOT_DIR, startDemoServer, type DemoServer } from "../support/browser";
import { startStorefront, type Storefront } from "../support/widget-page";

const BIRTHDAY_POINTS = 200;

/** The program pays a birthday bonus; returns a demo member who has not given a birthday. Runs before the server starts. */
async function prepare(db: TallyDatabase): Promise<string> {
  const shop = await findShop(db.prisma, DEMO_SHOP);
  if (!shop) throw new Error("the demo shop is not seeded");
  await setProgramRules(db.prisma, DEMO_SHOP, { ...shop.rules, birthdayBonus: BIRTHDAY_POINTS });
  const [member] = await db.prisma.member.findMany({ where: { shop: DEMO_SHOP, redactedAt: null, birthMonth: null }, orderBy: { customerId: "desc" }, take: 1, select: { customerId: true } });
  if (!member) throw new Error("every demo member has a birthday");
  return member.customerId;
}

describe("the storefront widget's birthday section in Chromium", () => {
  let browser: Browser;
  let demo: DemoServer;
  let storefront: Storefront;
  let customerId = "";
  let context: BrowserContext | undefined;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    browser = await launchChromium();
    demo = await startDemoServer({
      seed: async (db) => {
        customerId = await prepare(db);
      },
    });
    storefront = await startStorefront({ appUrl: demo.baseUrl, shop: DEMO_SHOP, secret: DEMO_API_SECRET });
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
    expect(pageErrors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await storefront?.close();
    await demo?.stop();
  });

  async function openStorefront(customer: string): Promise<Page> {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: "storefront_customer", value: customer, url: storefront.url }]);
    const page = await context.newPage();
    pageErrors = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") pageErrors.push(`${message.type()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => pageErrors.push(`uncaught: ${error.message}`));
    await page.goto(`${storefront.url}/`);
    return page;
  }

  it("pays the demo members whose birthday is today, or a few days ago, once the bonus is on", async () => {
    // The demo server's first job run: the demo seed gave customers 1 and 2 birthdays 0 and 3 days before its year's
    // end, and 3 one twenty days after. Its last job (customer metafields) writes its definitions, so once those are
    // there the run is over and the shopper's write below does not wait behind it.
    const db = openDatabase(demo.databaseUrl);
    try {
      const bonuses = async (customer: string) => db.prisma.transfer.count({ where: { shop: DEMO_SHOP, code: "BIRTHDAY_BONUS", member: { customerId: customer } } });
      await expect.poll(() => bonuses("1"), { timeout: 60_000 }).toBe(1);
      await expect.poll(() => db.prisma.customerMetafieldShop.count({ where: { shop: DEMO_SHOP, definitionsAt: { not: null } } }), { timeout: 60_000 }).toBe(1);
      expect(await bonuses("2")).toBe(1);
      expect(await bonuses("3")).toBe(0);
    } finally {
      await db.close();
    }
  });

  it("offers the birthday bonus, sends the month and day chosen through the app proxy, and shows the birthday saved", async () => {
    const page = await openStorefront(customerId);
    await page.getByRole("button", { name: "Rewards", exact: true }).click();
    const panel = page.getByRole("dialog", { name: "Your rewards" });
    await panel.getByTestId("tally-balance").waitFor({ timeout: 15_000 });
    const titled = (title: string) => panel.locator("section").filter({ has: page.getByRole("heading", { name: title, exact: true }) });
    const section = titled("Your birthday");
    expect(await section.innerText()).toContain(`${BIRTHDAY_POINTS} points on your birthday`);
    // Among the ways to earn too.
    expect(await titled("Ways to earn").innerText()).toContain(`${BIRTHDAY_POINTS} points on your birthday`);

    await section.getByLabel("Month").selectOption("3");
    await section.getByLabel("Day").selectOption("9");
    await section.getByRole("button", { name: "Save birthday" }).click();
    await expect.poll(() => page.getByRole("status").textContent(), { timeout: 15_000 }).toBe("Birthday saved: March 9. You can change it once a year.");
    expect(storefront.proxied.some((request) => request.path === "/apps/tally/birthday" && request.customer === customerId)).toBe(true);
    // The panel reloads: the birthday shows, and the form is gone until a year has passed.
    await expect.poll(() => section.innerText(), { timeout: 15_000 }).toContain("Your birthday: March 9");
    expect(await section.getByRole("button", { name: "Save birthday" }).count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "widget-birthday.png") });

    const db = openDatabase(demo.databaseUrl);
    try {
      expect(await db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: DEMO_SHOP, customerId } }, select: { birthMonth: true, birthDay: true } })).toEqual({ birthMonth: 3, birthDay: 9 });
    } finally {
      await db.close();
    }
  });
});
