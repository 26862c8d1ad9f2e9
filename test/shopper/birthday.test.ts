// A shopper's birthday through the built app on SQLite and PostgreSQL: given on the account page (POST
// /api/shopper/birthday with a signed session token) and in the storefront widget (POST /apps/tally/birthday with the
// app proxy's signature); shown back in the summary beside the birthday bonus among the ways to earn; changed at most
// once a year; a date that does not exist refused in the shopper's language with nothing written; and erased by a
// signed customers/redact.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { setProgramRules } from "~/loyalty/program/shop-store.server";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { BROWSER_USER_AGENT, extensionRequest, proxyRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

interface Answer {
  birthday?: { month: number; day: number; changeableFrom: string };
  message?: string;
  error?: { code: string; message: string };
}

describe.each(testDatabaseKinds())("a shopper's birthday on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;

  const accountPage = async (customerId: string, body: unknown, locale = "en") => {
    const response = await app(extensionRequest(`/api/shopper/birthday?locale=${locale}`, sessionToken({ shop: SHOP, customerId }), { body }));
    return { status: response.status, json: (await response.json()) as Answer };
  };
  const widget = async (customerId: string | undefined, body: unknown, locale = "en") => {
    const signed = proxyRequest("birthday", { shop: SHOP, customerId, extra: { locale } });
    const response = await app(new Request(signed.url, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", "User-Agent": BROWSER_USER_AGENT } }));
    return { status: response.status, json: (await response.json()) as Answer };
  };
  const stored = (customerId: string) =>
    t.db.prisma.member.findUnique({
      where: { shop_customerId: { shop: SHOP, customerId } },
      select: { birthMonth: true, birthDay: true, birthdayGivenAt: true, updatedAt: true },
    });
  const summary = async (customerId: string) => {
    const response = await app(extensionRequest("/api/shopper/summary", sessionToken({ shop: SHOP, customerId })));
    expect(response.status).toBe(200);
    return (await response.json()) as { birthday: Answer["birthday"] | null; program: { waysToEarn: { kind: string; points: number; text: string }[] } };
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedMembers(t.db, 3);
    await setProgramRules(t.db.prisma, SHOP, { ...defaultProgramRules(), birthdayBonus: 250 });
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
  });
  afterAll(() => t.destroy());

  it("is given on the account page and shown back in the summary, beside the birthday bonus among the ways to earn", async () => {
    expect((await summary("1")).birthday).toBeNull();
    const given = await accountPage("1", { month: 3, day: 9 });
    expect(given.status).toBe(200);
    expect(given.json).toMatchObject({ birthday: { month: 3, day: 9 }, message: "Birthday saved: March 9. You can change it once a year." });
    expect(await stored("1")).toMatchObject({ birthMonth: 3, birthDay: 9 });
    const read = await summary("1");
    expect(read.birthday).toEqual(given.json.birthday);
    expect(read.program.waysToEarn).toContainEqual({ kind: "birthday", points: 250, text: "Get 250 points on your birthday" });
    // The same date again is no change: accepted, and the year before the next change does not start over.
    const again = await accountPage("1", { month: 3, day: 9 });
    expect(again.status).toBe(200);
    expect(again.json.birthday?.changeableFrom).toBe(given.json.birthday?.changeableFrom);
  });

  it("changes at most once a year, and says so in the shopper's language", async () => {
    const refused = await accountPage("1", { month: 3, day: 10 }, "fr");
    expect(refused.status).toBe(409);
    expect(refused.json.error?.code).toBe("birthday_locked");
    expect(refused.json.error?.message).toMatch(/^Vous pouvez modifier votre anniversaire une fois par an : prochaine fois le .+\. Il reste le 9 mars d'ici là\.$/);
    expect(await stored("1")).toMatchObject({ birthMonth: 3, birthDay: 9 });

    // A year on (the member's birthday given a year and a day ago), one change goes through, and the next waits again.
    const yearAgo = new Date(Date.now() - 366 * 24 * 3_600_000);
    await t.db.prisma.member.update({ where: { shop_customerId: { shop: SHOP, customerId: "1" } }, data: { birthdayGivenAt: yearAgo } });
    expect((await accountPage("1", { month: 3, day: 10 })).status).toBe(200);
    expect(await stored("1")).toMatchObject({ birthMonth: 3, birthDay: 10 });
    const tooSoon = await accountPage("1", { month: 3, day: 11 }, "de");
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.json.error?.message).toMatch(/^Sie können Ihren Geburtstag einmal im Jahr ändern/);
    expect(await stored("1")).toMatchObject({ birthMonth: 3, birthDay: 10 });
  });

  it("refuses a date that does not exist, in the shopper's language, and writes nothing", async () => {
    const before = await stored("2");
    const february31 = await accountPage("2", { month: 2, day: 31 }, "es");
    expect(february31).toEqual({ status: 400, json: { error: { code: "invalid_birthday", message: "Esa fecha no existe. Elige de nuevo un mes y un día." } } });
    const month13 = await widget("2", { month: 13, day: 1 }, "fr");
    expect(month13).toEqual({ status: 400, json: { error: { code: "invalid_birthday", message: "Cette date n'existe pas. Choisissez de nouveau un mois et un jour." } } });
    const notANumber = await accountPage("2", { month: "March", day: 9 });
    expect(notANumber.status).toBe(400);
    expect(notANumber.json.error?.code).toBe("invalid_request");
    expect(await stored("2")).toEqual(before);
    // Not even a member for a customer Tally has not met.
    expect((await accountPage("404", { month: 4, day: 31 })).status).toBe(400);
    expect(await stored("404")).toBeNull();
  });

  it("is given in the storefront widget through the app proxy, 29 February included; signed out, it is refused", async () => {
    const given = await widget("3", { month: 2, day: 29 }, "de");
    expect(given.status).toBe(200);
    expect(given.json.message).toBe("Geburtstag gespeichert: 29. Februar. Sie können ihn einmal im Jahr ändern.");
    expect(await stored("3")).toMatchObject({ birthMonth: 2, birthDay: 29 });
    const signedOut = await widget(undefined, { month: 5, day: 1 });
    expect(signedOut.status).toBe(403);
    expect(signedOut.json.error?.code).toBe("signed_out");
  });

  it("is erased by customers/redact", async () => {
    expect(await stored("3")).toMatchObject({ birthMonth: 2, birthDay: 29 });
    const response = await app(
      signedWebhook("/webhooks/compliance", "customers/redact", { shop_id: 1, shop_domain: SHOP, customer: { id: 3, email: "shopper3@example.com", phone: null }, orders_to_redact: [] }, { shop: SHOP }),
    );
    expect(response.status).toBe(200);
    await processDueDeliveries(t.db, () => new Date());
    const erased = await t.db.prisma.member.findFirstOrThrow({ where: { shop: SHOP, redactedAt: { not: null } }, select: { birthMonth: true, birthDay: true, birthdayGivenAt: true } });
    expect(erased).toEqual({ birthMonth: null, birthDay: null, birthdayGivenAt: null });
  });
});
