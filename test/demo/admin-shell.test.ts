// The built app over HTTP, as `npm run demo` and `npm start` run it: server.mjs in a child process. The build
// itself is made before the tests run (npm test builds first).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/db/database.server";
import { migrateSqlite } from "~/db/migrations.server";
import { seedDemoShop } from "~/demo/demo-seed.server";
import { formatPoints } from "~/admin/format";
import { decodeHtml as decode } from "../support/html-text";
import { freePort, REPO_ROOT, requireBuild, runUntilExit, spawnServer, waitUntilListening, type ServerEnv, type ServerProcess } from "../support/server-process";

const DEMO_SHOP = "tally-demo.myshopify.com";
const PRODUCTION_SECRETS = {
  SHOPIFY_API_KEY: "test-api-key",
  SHOPIFY_API_SECRET: "test-production-secret",
  SHOPIFY_APP_URL: "https://tally.example.com",
};

interface SeededMember {
  name: string;
  lastName: string;
  email: string;
  tierName: string;
  available: number;
  lifetimeEarned: number;
}

let dir: string;
let databaseUrl: string;
let members: SeededMember[];
const servers: ServerProcess[] = [];

beforeAll(async () => {
  requireBuild();
  dir = mkdtempSync(path.join(os.tmpdir(), "tally-shell-"));
  const file = path.join(dir, "demo.sqlite");
  migrateSqlite(file, path.join(REPO_ROOT, "prisma/migrations"));
  databaseUrl = `file:${file}`;
  const db = openDatabase(databaseUrl);
  try {
    await seedDemoShop(db, { shop: DEMO_SHOP, now: new Date() });
    const rows = await db.prisma.member.findMany({ where: { shop: DEMO_SHOP }, include: { balance: true } });
    const tierNames: Record<string, string> = { member: "Member", silver: "Silver", gold: "Gold" };
    members = rows.map((row) => ({
      name: `${row.firstName} ${row.lastName}`,
      lastName: row.lastName ?? "",
      email: row.email ?? "",
      tierName: tierNames[row.tier] ?? row.tier,
      available: row.balance?.available ?? 0,
      lifetimeEarned: row.balance?.lifetimeEarned ?? 0,
    }));
  } finally {
    await db.close();
  }
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function startServer(env: ServerEnv): Promise<string> {
  const port = await freePort();
  const server = spawnServer({ ...env, PORT: String(port), DATABASE_URL: databaseUrl });
  servers.push(server);
  await waitUntilListening(server);
  return `http://localhost:${port}`;
}


/** The rendered rows of the members table, one string of HTML each. */
function tableRows(html: string): string[] {
  return decode(html)
    .split(/<tr\b/)
    .slice(1)
    .filter((row) => row.includes("@example.com"));
}

const get = (url: string, cookie?: string) => fetch(url, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
const post = (url: string, form: Record<string, string>, cookie?: string) =>
  fetch(url, { method: "POST", redirect: "manual", body: new URLSearchParams(form), headers: cookie ? { Cookie: cookie } : {} });

function cookieFrom(response: Response): string {
  const header = response.headers.get("set-cookie");
  if (!header) throw new Error(`expected a Set-Cookie header from ${response.url}`);
  return header.split(";")[0] ?? "";
}

describe("the demo admin in a plain browser", () => {
  let base: string;

  beforeAll(async () => {
    base = await startServer({ NODE_ENV: "development", TALLY_DEMO: "1" });
  });

  it("sends a visitor without the demo cookie to the demo sign-in", async () => {
    const response = await get(`${base}/app/members`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/demo");
    const tampered = await get(`${base}/app/members`, "tally_demo=eyJzaG9wIjoieCJ9.forged");
    expect(tampered.headers.get("location")).toBe("/demo");
  });

  it("shows the demo shop and the sign-in button at /demo, and links to it from the landing page", async () => {
    const response = await get(`${base}/demo`);
    expect(response.status).toBe(200);
    const html = decode(await response.text());
    expect(html).toContain("Sign in as demo staff");
    expect(html).toContain("Maple & Moss");
    const landing = decode(await (await get(`${base}/`)).text());
    expect(landing).toContain('href="/demo"');
    expect(landing).toContain("Open the demo admin");
  });

  it("signs in, then renders the members page from the database", async () => {
    const signIn = await post(`${base}/demo`, { intent: "sign-in" });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toBe("/app/members");
    expect(signIn.headers.get("set-cookie")).toMatch(/^tally_demo=.+; .*HttpOnly; SameSite=Lax/);
    const cookie = cookieFrom(signIn);

    const response = await get(`${base}/app/members`, cookie);
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = decode(html);
    expect(text).toContain("Demo shop — no Shopify account");
    expect(text).toMatch(/<a[^>]+href="\/app\/members"[^>]*>[\s\S]*?Members/);

    const rows = tableRows(html);
    expect(rows).toHaveLength(members.length);
    const richest = [...members].sort((a, b) => b.available - a.available).slice(0, 5);
    for (const member of richest) {
      const row = rows.find((candidate) => candidate.includes(member.name));
      expect(row, member.name).toBeDefined();
      expect(row).toContain(member.email);
      expect(row).toContain(`>${member.tierName}<`);
      expect(row).toContain(`>${formatPoints(member.available)}<`);
      expect(row).toContain(`>${formatPoints(member.lifetimeEarned)}<`);
    }
    // Thousands separators: the richest demo members have four-digit balances.
    expect(richest.some((member) => member.available >= 1000 && text.includes(formatPoints(member.available)))).toBe(true);
    for (const tier of ["Member", "Silver", "Gold"]) expect(text).toContain(`>${tier}<`);
  });

  it("narrows the list to the members a search finds", async () => {
    const cookie = cookieFrom(await post(`${base}/demo`, { intent: "sign-in" }));
    const target = members.find((member) => member.lastName === "Petrova");
    expect(target).toBeDefined();
    const response = await get(`${base}/app/members?q=${encodeURIComponent("petrova")}`, cookie);
    expect(response.status).toBe(200);
    const rows = tableRows(await response.text());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(target?.name);
    const none = await get(`${base}/app/members?q=nobody-by-this-name`, cookie);
    const noneHtml = decode(await none.text());
    expect(tableRows(noneHtml)).toHaveLength(0);
    expect(noneHtml).toContain("No members found");
    const badPage = await get(`${base}/app/members?page=first`, cookie);
    expect(badPage.status).toBe(400);
    expect(await badPage.text()).toContain("The page number must be a whole number from 1.");
  });

  it("signs out: the cleared cookie no longer opens the admin", async () => {
    const cookie = cookieFrom(await post(`${base}/demo`, { intent: "sign-in" }));
    const signOut = await post(`${base}/demo`, { intent: "sign-out" }, cookie);
    expect(signOut.status).toBe(302);
    expect(signOut.headers.get("location")).toBe("/demo");
    const cleared = cookieFrom(signOut);
    expect((await get(`${base}/app/members`, cleared)).headers.get("location")).toBe("/demo");
  });
});

describe("starting in production", () => {
  it("refuses TALLY_DEMO with NODE_ENV=production, before listening", async () => {
    const port = await freePort();
    const result = await runUntilExit({ NODE_ENV: "production", TALLY_DEMO: "1", ...PRODUCTION_SECRETS, PORT: String(port), DATABASE_URL: databaseUrl });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("TALLY_DEMO is set while NODE_ENV=production");
    expect(result.stdout).not.toContain("Tally listening");
  });

  it("refuses to start without SHOPIFY_API_SECRET and names it", async () => {
    const port = await freePort();
    const { SHOPIFY_API_SECRET: _secret, ...withoutSecret } = PRODUCTION_SECRETS;
    const result = await runUntilExit({ NODE_ENV: "production", ...withoutSecret, PORT: String(port), DATABASE_URL: databaseUrl });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("SHOPIFY_API_SECRET");
    expect(result.stdout).not.toContain("Tally listening");
  });

  describe("with every secret and no TALLY_DEMO", () => {
    let base: string;

    beforeAll(async () => {
      base = await startServer({ NODE_ENV: "production", ...PRODUCTION_SECRETS });
    });

    it("has no demo sign-in", async () => {
      expect((await get(`${base}/demo`)).status).toBe(404);
      const signIn = await post(`${base}/demo`, { intent: "sign-in" });
      expect(signIn.status).toBe(404);
      expect(signIn.headers.get("set-cookie")).toBeNull();
    });

    it("shows no member data without Shopify authentication, even with a validly signed demo cookie", async () => {
      // The cookie the demo would set, signed with this server's own secret: still not a way in.
      const forged = await createCookie("tally_demo", { secrets: [PRODUCTION_SECRETS.SHOPIFY_API_SECRET] }).serialize({ shop: DEMO_SHOP, staff: "Demo staff" });
      for (const cookie of [undefined, forged.split(";")[0]]) {
        const response = await get(`${base}/app/members`, cookie);
        expect(response.status).not.toBe(200);
        const body = decode(await response.text());
        for (const member of members.slice(0, 10)) expect(body).not.toContain(member.name);
        expect(body).not.toContain("@example.com");
      }
    });
  });
});
