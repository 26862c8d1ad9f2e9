// "Follow us" clicks from the customer account page (session token, POST /api/shopper/social) and the storefront
// widget (app proxy, POST /apps/tally/social) through the built app: points once per member and network, on the
// shopper's word; twice or at the same moment earns once; a network the shop does not offer is refused with 404
// and writes nothing; the summary lists the ways to earn and what the shopper already followed
// (docs/decisions/044-actions-that-earn.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setMemberExclusion } from "~/loyalty/exclusion/member-exclusion.server";
import { defaultProgramRules, parseProgramRules } from "~/loyalty/program/program-rules";
import { saveProgramRules } from "~/loyalty/program/save-program-rules.server";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { installShop } from "../support/webhook-harness";
import { BROWSER_USER_AGENT, extensionRequest, proxyRequest, sessionToken } from "../support/shopper-requests";
import { TEST_API_SECRET } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "social.myshopify.com";
const STAFF = { id: "staff-1", name: "Test staff" };

describe.each(testDatabaseKinds())("social follows on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;

  const fromAccountPage = (customerId: string, body: unknown, locale = "en") =>
    app(extensionRequest(`/api/shopper/social?locale=${locale}`, sessionToken({ shop: SHOP, customerId }), { body }));
  const fromWidget = (customerId: string | undefined, body: unknown) => {
    const signed = proxyRequest("social", { shop: SHOP, ...(customerId ? { customerId } : {}), extra: { locale: "en" } });
    return app(new Request(signed.url, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", "User-Agent": BROWSER_USER_AGENT } }));
  };
  const summary = async (customerId: string, locale = "en") => (await app(extensionRequest(`/api/shopper/summary?locale=${locale}`, sessionToken({ shop: SHOP, customerId })))).json();
  const follows = (customerId: string) => t.db.prisma.transfer.findMany({ where: { code: "SOCIAL_FOLLOW", member: { shop: SHOP, customerId } } });

  async function useSocial(enabled: boolean) {
    const rules = defaultProgramRules();
    rules.actions.social = {
      enabled,
      points: 40,
      links: [
        { network: "instagram", url: "https://www.instagram.com/tallyshop" },
        { network: "tiktok", url: "https://www.tiktok.com/@tallyshop" },
      ],
    };
    await t.db.prisma.shop.update({ where: { domain: SHOP }, data: { programRules: JSON.stringify(rules) } });
  }

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await installShop(t, SHOP);
    await useSocial(true);
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
  });
  afterAll(() => t?.destroy());

  it("lists each offered network in the ways to earn, in the shopper's language, with its link", async () => {
    const en = await summary("801");
    expect(en.followed).toEqual([]);
    expect(en.program.waysToEarn).toEqual(
      expect.arrayContaining([
        { kind: "social", points: 40, network: "instagram", url: "https://www.instagram.com/tallyshop", text: "Get 40 points for following us on Instagram" },
        { kind: "social", points: 40, network: "tiktok", url: "https://www.tiktok.com/@tallyshop", text: "Get 40 points for following us on TikTok" },
      ]),
    );
    for (const [locale, words] of [["fr", "en nous suivant sur Instagram"], ["de", "auf Instagram folgen"], ["es", "por seguirnos en Instagram"]] as const) {
      const ways = (await summary("801", locale)).program.waysToEarn as { kind: string; text: string }[];
      expect(ways.find((way) => way.kind === "social")?.text).toContain(words);
    }
  });

  it("credits a click from the account page once, and says so the second time", async () => {
    const first = await fromAccountPage("802", { network: "instagram" });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ network: "instagram", url: "https://www.instagram.com/tallyshop", points: 40, alreadyCredited: false, message: "Thanks for following us on Instagram: 40 points added." });
    const again = await fromAccountPage("802", { network: "instagram" }, "fr");
    expect(await again.json()).toMatchObject({ points: 0, alreadyCredited: true, message: "Vous avez déjà reçu vos points pour Instagram." });
    expect(await follows("802")).toEqual([expect.objectContaining({ points: 40, status: "posted", memo: "instagram" })]);
    expect((await summary("802")).followed).toEqual(["instagram"]);
    expect((await summary("802")).balance).toMatchObject({ available: 40 });
  });

  it("earns once for clicks at the same moment, from both surfaces, and once per network", async () => {
    await summary("803");
    const answers = await Promise.all([
      fromAccountPage("803", { network: "tiktok" }),
      fromAccountPage("803", { network: "tiktok" }),
      fromWidget("803", { network: "tiktok" }),
      fromWidget("803", { network: "tiktok" }),
    ]);
    expect(answers.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    const bodies = await Promise.all(answers.map((response) => response.json()));
    expect(bodies.reduce((sum, body) => sum + body.points, 0)).toBe(40);
    expect(await follows("803")).toHaveLength(1);
    expect((await fromWidget("803", { network: "instagram" })).status).toBe(200);
    expect(await follows("803")).toHaveLength(2);
    expect((await summary("803")).balance).toMatchObject({ available: 80 });
  });

  it("earns once for two clicks at once from a shopper Tally has not seen yet", async () => {
    const answers = await Promise.all([fromAccountPage("807", { network: "instagram" }), fromWidget("807", { network: "instagram" })]);
    expect(answers.map((response) => response.status)).toEqual([200, 200]);
    expect(await follows("807")).toHaveLength(1);
    expect(await t.db.prisma.member.count({ where: { shop: SHOP, customerId: "807" } })).toBe(1);
  });

  it("refuses a network the shop does not offer, a malformed body and a signed-out shopper, writing nothing", async () => {
    const before = await t.db.prisma.transfer.count();
    const unknown = await fromAccountPage("804", { network: "myspace" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: "unknown_network", message: expect.stringContaining("does not offer points for that network") } });
    expect((await fromWidget("804", { network: "facebook" })).status).toBe(404);
    expect((await fromAccountPage("804", { net: "instagram" })).status).toBe(400);
    expect((await fromAccountPage("804", "not json")).status).toBe(400);
    const signedOut = await fromWidget(undefined, { network: "instagram" });
    expect(signedOut.status).toBe(403);
    expect(await t.db.prisma.transfer.count()).toBe(before);
  });

  it("offers and credits nothing while the rule is off", async () => {
    await useSocial(false);
    try {
      expect(((await summary("805")).program.waysToEarn as { kind: string }[]).filter((way) => way.kind === "social")).toEqual([]);
      expect((await fromAccountPage("805", { network: "instagram" })).status).toBe(404);
      expect(await follows("805")).toEqual([]);
    } finally {
      await useSocial(true);
    }
  });
  it("credits nothing to a member out of the program or while it is paused, says why in their language, and writes nothing", async () => {
    await fromAccountPage("810", { network: "instagram" }, "en");
    const memberId = (await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: "810" } } })).id;
    await setMemberExclusion(t.db, { shop: SHOP, memberId, staff: STAFF, reason: "Staff account", now: new Date(), excluded: true });
    const refused = await fromAccountPage("810", { network: "tiktok" }, "de");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: { code: "not_in_program", message: expect.stringContaining("Ihre Punkte bleiben erhalten") } });
    expect((await follows("810")).map((row) => row.memo)).toEqual(["instagram"]);

    const saved = parseProgramRules((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules);
    await saveProgramRules(t.db, { shop: SHOP, staff: STAFF, now: new Date(Date.now() - 60_000), rules: { ...saved, paused: true } });
    try {
      const paused = await fromWidget("811", { network: "instagram" });
      expect(paused.status).toBe(409);
      expect(await paused.json()).toMatchObject({ error: { code: "program_paused" } });
      expect(await follows("811")).toEqual([]);
    } finally {
      await saveProgramRules(t.db, { shop: SHOP, staff: STAFF, now: new Date(), rules: { ...(parseProgramRules((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules)), paused: undefined } });
    }
    // Back from the pause, the same click earns.
    expect((await fromWidget("811", { network: "instagram" })).status).toBe(200);
    expect(await follows("811")).toHaveLength(1);
  });
});
