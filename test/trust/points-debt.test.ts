// A refund after the points were spent (docs/decisions/021-points-debt.md): the member's unused reward codes are
// cancelled first (disabled in Shopify, their points released through the ledger), what is still missing stays as
// a debt that later purchases repay, and every surface says it in words, never "-490 points". A store credit
// awaiting Shopify's answer is not such a code (docs/decisions/070-a-lost-store-credit-answer-is-looked-up.md).
// Signed webhooks, the real job runner, the shopper API (extension and app proxy) and the admin's member page, on
// both databases.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runDueJobs } from "~/jobs/job-runner.server";
import { programRulesSchema } from "~/loyalty/program/program-rules";
import { LOOK_FOR_LOST_CREDIT_AFTER_MS } from "~/loyalty/redemption/redeem-reward.server";
import { orderPayload, refundPayload } from "../fixtures/shopify-payloads";
import { adminApi } from "../support/admin-api-standin";
import { openDemoAdmin, renderedMarkup } from "../support/demo-admin";
import { SHOP, seedMembers } from "../support/members";
import { offlineAdmin, storeOfflineSession } from "../support/offline-admin";
import { extensionRequest, proxyRequest, sessionToken } from "../support/shopper-requests";
import { keepStoreCreditAccounts } from "../support/store-credit-accounts";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

let nextDiscount = 1;

describe.each(testDatabaseKinds())("points debt on %s", (kind) => {
  let t: TestDatabase;
  let hooks: WebhookHarness;
  let memberId: string;
  let otherId: string;
  const deactivated: string[] = [];
  const jobs = (at = new Date()) => runDueJobs(t.db, at, { deactivateDiscount: async (_shop, id) => void deactivated.push(id) });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    [memberId = "", otherId = ""] = await seedMembers(t.db, 2);
    await storeOfflineSession(t.db, SHOP);
    hooks = await webhookHarness(t);
    // One tier, so every order earns a point per dollar and the figures below stay plain.
    await hooks.useProgram(SHOP, (rules) => {
      rules.tiers = rules.tiers.slice(0, 1);
      rules.rewards.push(...programRulesSchema.parse({ rewards: [{ id: "credit-10", name: "Credit", kind: "store_credit", points: 1_000, amountMinor: 1_000 }] }).rewards);
    });
  });
  afterAll(() => t.destroy());
  beforeEach(() => {
    adminApi.store.reset();
    adminApi.store.shop(SHOP).mutation.discountCodeBasicCreate = () => ({ codeDiscountNode: { id: `gid://shopify/DiscountCodeNode/${nextDiscount++}` }, userErrors: [] });
  });

  const balance = () => t.db.prisma.balance.findUniqueOrThrow({ where: { memberId }, select: { posted: true, pendingDebit: true, available: true } });
  const paid = async (id: number, subtotal: string, discountCodes: string[] = []) => {
    expect((await hooks.send(SHOP, "orders/paid", orderPayload({ id, customer: { id: 1, state: "enabled" }, subtotal, discountCodes }))).status).toBe(200);
    await hooks.work();
  };
  const redeem = async (rewardId: string, requestId: string) => {
    const response = await hooks.app(extensionRequest("/api/shopper/redeem", sessionToken({ shop: SHOP, customerId: "1" }), { body: { rewardId, requestId } }));
    expect(response.status).toBe(200);
    return (await response.json()) as { code: string };
  };
  const summary = async (locale = "en") => {
    const response = await hooks.app(extensionRequest(`/api/shopper/summary?locale=${locale}`, sessionToken({ shop: SHOP, customerId: "1" })));
    expect(response.status).toBe(200);
    return response;
  };

  it("cancels the unused code first, keeps the rest as a debt told in words on every surface, and lets later purchases repay it", async () => {
    await paid(8101, "1000.00");
    const spent = await redeem("amount-off-500", "debt-spent");
    await paid(8103, "10.00", [spent.code]);
    const unused = await redeem("amount-off-500", "debt-unused");
    expect(await balance()).toEqual({ posted: 510, pendingDebit: 500, available: 10 });

    // The first order is refunded in full: half of its 1,000 points were spent on a code already used.
    expect((await hooks.send(SHOP, "refunds/create", refundPayload({ id: 81011, orderId: 8101, lines: [{ subtotal: "1000.00" }] }))).status).toBe(200);
    await hooks.work();
    // The unused code is cancelled: it stops being offered at once, then the job disables it in Shopify and
    // gives its 500 points back against the debt.
    const open = await (await summary()).json();
    expect(open.codes).toEqual([]);
    await jobs();
    const unusedRow = await t.db.prisma.redemption.findFirstOrThrow({ where: { code: unused.code } });
    expect(deactivated).toEqual([unusedRow.discountId]);
    expect(unusedRow.status).toBe("released");
    expect((await t.db.prisma.redemption.findFirstOrThrow({ where: { code: spent.code } })).status).toBe("used");
    expect(await balance()).toEqual({ posted: -490, pendingDebit: 0, available: -490 });
    await jobs(new Date(Date.now() + 60_000));
    expect(deactivated).toHaveLength(1);
    expect(await t.db.prisma.transfer.count({ where: { memberId, code: "REDEMPTION_RELEASE" } })).toBe(1);

    // Extensions (English and German) and the storefront widget (French, through the app proxy).
    const english = await summary();
    const englishText = await english.text();
    expect(JSON.parse(englishText).balance).toMatchObject({
      available: 0,
      owed: 490,
      owedText: "Your balance is 0: you owe 490 points after a refund or a reward used late. Points from your next orders pay this back first.",
    });
    expect(englishText).not.toMatch(/[-−]490\b/);
    expect((await (await summary("de")).json()).balance.owedText).toBe(
      "Ihr Punktestand ist 0: Sie schulden 490 Punkte nach einer Erstattung oder einer spät eingelösten Prämie. Punkte aus Ihren nächsten Bestellungen gleichen das zuerst aus.",
    );
    const widget = await hooks.app(proxyRequest("customer", { shop: SHOP, customerId: "1", extra: { locale: "fr" } }));
    expect(widget.status).toBe(200);
    const widgetText = await widget.text();
    expect(JSON.parse(widgetText).balance).toMatchObject({ available: 0, owed: 490, owedText: expect.stringMatching(/^Votre solde est de 0 : vous devez 490 points après un remboursement/) });
    expect(widgetText).not.toMatch(/[-−]490\b/);

    // A reward it cannot afford says 0 points, not -490.
    const refused = await hooks.app(extensionRequest("/api/shopper/redeem", sessionToken({ shop: SHOP, customerId: "1" }), { body: { rewardId: "amount-off-500", requestId: "debt-refused" } }));
    expect(refused.status).toBe(422);
    expect((await refused.json()).error).toMatchObject({ message: "You need 500 points for this reward and have 0 points.", available: 0 });

    // The merchant's member page shows what is owed.
    const admin = await openDemoAdmin(t.url, SHOP);
    const page = renderedMarkup(await (await admin.get(`/app/members/${memberId}`)).text());
    expect(page).toContain("Owed");
    expect(page).toContain("A refund or cancellation took back points already spent");
    // (ids on the page may contain "-490…"; a balance would read "-490" or "−490" on its own)
    expect(page).not.toMatch(/[-−]490\b/);

    // A later purchase repays the debt before anything is spendable.
    await paid(8104, "550.00");
    expect(await balance()).toEqual({ posted: 60, pendingDebit: 0, available: 60 });
    const repaid = await (await summary()).json();
    expect(repaid.balance).toMatchObject({ available: 60, owed: 0, owedText: null });
  });

  it("cancels the unused code, not a store credit awaiting Shopify's answer, whose points are likely the shopper's credit already", async () => {
    const accounts = keepStoreCreditAccounts(adminApi.store.shop(SHOP));
    const other = () => t.db.prisma.balance.findUniqueOrThrow({ where: { memberId: otherId }, select: { posted: true, pendingDebit: true, available: true } });
    const redeemAs2 = (rewardId: string, requestId: string) =>
      hooks.app(extensionRequest("/api/shopper/redeem", sessionToken({ shop: SHOP, customerId: "2" }), { body: { rewardId, requestId } }));
    for (const [id, subtotal] of [[8201, "1000.00"], [8202, "500.00"]] as const) {
      expect((await hooks.send(SHOP, "orders/paid", orderPayload({ id, customer: { id: 2, state: "enabled" }, subtotal }))).status).toBe(200);
    }
    await hooks.work();
    // The credit's answer is lost: Shopify made it, and its 1,000 points stay held until Tally looks.
    adminApi.store.loseAnswerTo = (request) => request.operationName === "TallyCreditStoreCredit";
    expect((await redeemAs2("credit-10", "debt-credit")).status).toBe(409);
    adminApi.store.loseAnswerTo = null;
    const unused = (await (await redeemAs2("amount-off-500", "debt-code")).json()) as { code: string };
    expect(await other()).toEqual({ posted: 1_500, pendingDebit: 1_500, available: 0 });

    // The 1,000 order is refunded in full: the debt is covered by the unused code first.
    expect((await hooks.send(SHOP, "refunds/create", refundPayload({ id: 82011, orderId: 8201, lines: [{ subtotal: "1000.00" }] }))).status).toBe(200);
    await hooks.work();
    const now = new Date();
    await runDueJobs(t.db, now, { deactivateDiscount: async (_shop, id) => void deactivated.push(id), adminFor: (shop) => offlineAdmin(t.db, shop) });
    expect(await t.db.prisma.redemption.findFirstOrThrow({ where: { code: unused.code } })).toMatchObject({ status: "released" });
    expect(await t.db.prisma.redemption.findFirstOrThrow({ where: { memberId: otherId, code: { startsWith: "CREDIT-" } } })).toMatchObject({ status: "issuing" });
    expect(await other()).toEqual({ posted: 500, pendingDebit: 1_000, available: -500 });

    // Found in Shopify, the credit spends its points: the debt is what the refund left, and no code is left open.
    await runDueJobs(t.db, new Date(now.getTime() + LOOK_FOR_LOST_CREDIT_AFTER_MS + 60_000), { deactivateDiscount: async () => undefined, adminFor: (shop) => offlineAdmin(t.db, shop) });
    expect(await t.db.prisma.redemption.findFirstOrThrow({ where: { memberId: otherId, code: { startsWith: "CREDIT-" } } })).toMatchObject({ status: "credited" });
    expect(accounts.credits).toHaveLength(1);
    expect(await other()).toEqual({ posted: -500, pendingDebit: 0, available: -500 });
  });
});
