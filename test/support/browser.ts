// Browser tests: Debian's Chromium, driven by playwright-core, against the demo server as `npm run demo` runs it
// (server.mjs over the built app, TALLY_DEMO=1, the Admin API stand-in, a freshly seeded demo shop on SQLite).
//
// One server and one Chromium per test file, a new browser context (cookies, storage) per test:
//
//   const demo = setupDemoAdmin();
//   it("shows the program", async () => {
//     const page = await demo.signIn();
//     await visitAdminPage(page, "/app/program", { heading: "Program" });
//   });
//
// visitAdminPage checks the answer, the heading, that no error is on show, that the browser logged no error,
// and saves a screenshot to test-results/screenshots/<name>.png (test-results/ is kept by CI as artifacts).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { en } from "~/admin/strings/en";
import { openDatabase, type TallyDatabase } from "~/db/database.server";
import { migrateSqlite } from "~/db/migrations.server";
import { seedDemoShop } from "~/demo/demo-seed.server";
import { DEMO_SHOP } from "~/env.server";
import { buildState } from "./build-freshness";
import { parsePrometheusText } from "./prometheus-text";
import { freePort, REPO_ROOT, spawnServer, waitUntilListening, type ServerProcess } from "./server-process";

export { DEMO_SHOP };

const DEBIAN_CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOT_DIR = path.join(REPO_ROOT, "test-results/screenshots");

/**
 * The flags that let headless Chromium run as root on a machine whose network reaches nothing but localhost:
 * without the background-networking ones it keeps trying Google's hosts and logs the refusals.
 */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The Chromium to drive: TALLY_CHROMIUM, else Debian's package. Fails, never skips, when there is none. */
export function chromiumPath(): string {
  const chosen = process.env.TALLY_CHROMIUM || DEBIAN_CHROMIUM;
  if (!existsSync(chosen)) {
    throw new Error(
      `Chromium is not installed at ${chosen}, so the browser tests cannot run. ` +
        "`bash scripts/ensure-chromium.sh` installs Debian's chromium with apt-get (npm test runs it first); " +
        "on a machine without apt, install Chromium or Chrome and set TALLY_CHROMIUM to its binary.",
    );
  }
  return chosen;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

/** How long a check of the page waits for it to settle: generous, since CI shares two cores with everything else. */
export const POLL = { timeout: 15_000 } as const;

export interface DemoServer {
  baseUrl: string;
  /** The demo database, for tests that read what the page should show or check what it wrote. */
  databaseUrl: string;
  output(): { stdout: string; stderr: string };
  stop(): Promise<void>;
}

export interface DemoServerOptions {
  /** Extra data on top of the demo seed, written before the server starts. */
  seed?: (db: TallyDatabase) => Promise<void>;
}

/** Lets the tests read the demo server's /metrics. */
const METRICS_TOKEN = "browser-tests-metrics-token-0123456789abcdef";

/**
 * Waits for the end of the demo server's first job run. That run changes the demo's balances a while after the
 * start: its order reconciliation finds an order the webhooks missed (tools/admin-api-standin/demo-scenario.json,
 * order 7001) and earns its points. A test that read a balance before it and the page after it saw two different
 * figures, in whichever test happened to be running when the run ended (under load, the widget's redemption).
 */
async function firstJobRunEnded(baseUrl: string, server: ServerProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${baseUrl}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    if (!response.ok) throw new Error(`the demo server's /metrics answered ${response.status}`);
    if ((parsePrometheusText(await response.text()).value("tally_job_runner_runs_completed_total") ?? 0) >= 1) return;
    if (Date.now() > deadline) {
      const { stdout, stderr } = server.output();
      throw new Error(`the demo server's first job run did not end within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A seeded demo database in a temporary folder, served as `npm run demo` serves it, once its first job run ended. */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const state = buildState();
  if (state !== "fresh") throw new Error(`build/ is ${state}: run \`npm run build\` first (npm test does)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "tally-browser-"));
  const file = path.join(dir, "demo.sqlite");
  migrateSqlite(file, path.join(REPO_ROOT, "prisma/migrations"));
  const databaseUrl = `file:${file}`;
  const db = openDatabase(databaseUrl);
  try {
    await seedDemoShop(db, { shop: DEMO_SHOP, now: new Date() });
    await options.seed?.(db);
  } finally {
    await db.close();
  }
  const port = await freePort();
  let server: ServerProcess | undefined;
  try {
    server = spawnServer(
      {
        NODE_ENV: "development",
        TALLY_DEMO: "1",
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        TALLY_METRICS_TOKEN: METRICS_TOKEN,
        TALLY_ADMIN_API_SCENARIO: path.join(REPO_ROOT, "tools/admin-api-standin/demo-scenario.json"),
      },
      ["--import", "tsx", "--import", "./tools/admin-api-standin/register.ts"],
    );
    await waitUntilListening(server, 60_000);
    await firstJobRunEnded(`http://localhost:${port}`, server);
  } catch (error) {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const running = server;
  return {
    baseUrl: `http://localhost:${port}`,
    databaseUrl,
    output: () => running.output(),
    async stop() {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const problems = new WeakMap<Page, string[]>();

/** A page that remembers every console error, uncaught exception and failed request, for expectNoConsoleErrors. */
async function openPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const seen: string[] = [];
  problems.set(page, seen);
  page.on("console", (message) => {
    if (message.type() === "error") seen.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => seen.push(`uncaught: ${error.message}`));
  page.on("requestfailed", (request) => {
    const reason = request.failure()?.errorText ?? "?";
    // A navigation cancels the previous page's requests still in flight: that is the browser, not a fault.
    if (reason !== "net::ERR_ABORTED") seen.push(`request failed: ${request.method()} ${request.url()} (${reason})`);
  });
  return page;
}

/**
 * Fails with everything the browser reported as an error since the page opened (or since the last call).
 * `expected` names errors the test caused on purpose, each of which must have been reported: Chromium logs every
 * 4xx answer as a console error, including the 400 of a form the server refused, as it should.
 */
export function expectNoConsoleErrors(page: Page, expected: RegExp[] = []): void {
  const seen = problems.get(page);
  if (!seen) throw new Error("expectNoConsoleErrors needs a page opened by setupDemoAdmin");
  const reported = seen.splice(0);
  const missing = expected.filter((pattern) => !reported.some((line) => pattern.test(line)));
  if (missing.length > 0) throw new Error(`the browser did not report the expected errors ${missing.join(", ")} on ${page.url()}; it reported:\n  ${reported.join("\n  ")}`);
  const unexpected = reported.filter((line) => !expected.some((pattern) => pattern.test(line)));
  if (unexpected.length > 0) throw new Error(`the browser reported errors on ${page.url()}:\n  ${unexpected.join("\n  ")}`);
}

export interface DemoAdmin {
  readonly server: DemoServer;
  readonly browser: Browser;
  /** This test's page, in a browser context of its own (no cookies from other tests). */
  readonly page: Page;
  /** Signs this test's page in through the demo's own sign-in button; resolves on the admin page it lands on. */
  signIn(): Promise<Page>;
}

/** Registers the hooks that give each test of the file a fresh page against one demo server and one Chromium. */
export function setupDemoAdmin(options: DemoServerOptions = {}): DemoAdmin {
  let server: DemoServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    // Chromium first: when it is missing the file fails at once with how to install it.
    browser = await launchChromium();
    server = await startDemoServer(options);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  beforeEach(async () => {
    if (!browser || !server) throw new Error("the demo server or Chromium did not start (see the beforeAll error)");
    context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 900 } });
    page = await openPage(context);
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
    page = undefined;
  });

  const demo: DemoAdmin = {
    get server() {
      if (!server) throw new Error("the demo server is not running");
      return server;
    },
    get browser() {
      if (!browser) throw new Error("Chromium is not running");
      return browser;
    },
    get page() {
      if (!page) throw new Error("demo.page is only there inside a test");
      return page;
    },
    async signIn() {
      return signInToDemo(demo.page);
    },
  };
  return demo;
}

/** The screenshot name for a path: "/app/members" → "members", "/app" → "dashboard". */
function screenshotName(pathname: string): string {
  const rest = new URL(pathname, "http://x").pathname.replace(/^\/app\/?/, "").replace(/\/+$/, "");
  return rest === "" ? "dashboard" : rest.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
}

/** The tallest screenshot taken; a longer page is cut there. */
const MAX_SCREENSHOT_HEIGHT = 8000;

/**
 * Saves the whole page as test-results/screenshots/<name>.png and returns its path. The window is made as tall
 * as the page for the shot rather than using Playwright's fullPage, which stitches the page under a window of the
 * usual height and so paints sticky bars (the table's pagination, the side navigation) mid-page.
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height, viewport.height), MAX_SCREENSHOT_HEIGHT) });
  try {
    await page.screenshot({ path: file });
  } finally {
    await page.setViewportSize(viewport);
  }
  return file;
}

/** Clicks the demo's "Sign in as demo staff" button and waits for the admin it opens. */
export async function signInToDemo(page: Page): Promise<Page> {
  const response = await page.goto("/demo");
  expect(response?.status(), "GET /demo").toBe(200);
  await page.waitForLoadState("networkidle");
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), POLL).toBe(en.demo.title);
  await saveScreenshot(page, "demo-sign-in");
  await Promise.all([page.waitForURL(/\/app(\/|$|\?)/), page.getByRole("button", { name: en.demo.signIn }).click()]);
  await page.waitForLoadState("networkidle");
  expectNoConsoleErrors(page);
  return page;
}

export interface VisitOptions {
  /** The page's title, shown as its one h1. */
  heading: string;
  /** Screenshot file name without .png; by default from the path ("/app/members/abc" → "members-abc"). */
  screenshot?: string;
  /** Allow critical banners, for a visit that is meant to show one (a failed import, say). */
  allowCriticalBanners?: boolean;
}

/** Polaris's critical Banner, recognised by the icon colour class it always renders (Banner/utilities.js). */
const CRITICAL_BANNER = ".Polaris-Banner:has(.Polaris-Banner--textCriticalOnBgFill, .Polaris-Banner__text--critical)";

/** What on the page says something went wrong: the error boundary's titles, critical banners, field errors. */
async function errorStates(page: Page, allowCriticalBanners: boolean): Promise<string[]> {
  const found: string[] = [];
  const badRequest = en.errors.badRequest(0).split("(")[0] ?? "";
  const heading = (await page.getByRole("heading", { level: 1 }).first().textContent()) ?? "";
  if (heading === en.errors.notFound || heading === en.errors.unexpected || heading.startsWith(badRequest)) {
    found.push(`the error page "${heading}"`);
  }
  if (!allowCriticalBanners) {
    for (const text of await page.locator(CRITICAL_BANNER).allTextContents()) found.push(`a critical banner: "${text.trim()}"`);
  }
  for (const text of await page.locator(".Polaris-InlineError").allTextContents()) found.push(`a field error: "${text.trim()}"`);
  return found;
}

/**
 * Opens an admin page in a signed-in page and checks it as a person would see it: answered 200, hydrated (the
 * network went quiet), titled `heading`, no error on show, no error in the browser; then screenshots it.
 * Returns the screenshot's path.
 */
export async function visitAdminPage(page: Page, pathname: string, options: VisitOptions): Promise<string> {
  const response = await page.goto(pathname);
  expect(response?.status(), `GET ${pathname}`).toBe(200);
  await page.waitForLoadState("networkidle");
  await expect.poll(() => page.getByRole("heading", { level: 1 }).allTextContents(), { ...POLL, message: `the h1 of ${pathname}` }).toEqual([options.heading]);
  expect(await errorStates(page, options.allowCriticalBanners ?? false), `error states on ${pathname}`).toEqual([]);
  expectNoConsoleErrors(page);
  return saveScreenshot(page, options.screenshot ?? screenshotName(pathname));
}
