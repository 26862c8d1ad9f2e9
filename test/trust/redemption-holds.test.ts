// A redemption's hold and its code are one unit, and a shopper never keeps both the discount and the points:
// holds a stopped process left behind come back exactly once, and a code whose points came back spends them again
// when a paid order uses it. Driven through the built app (shopper API, signed webhooks), the real job runner and,
// for the crash while Shopify creates the code, a real process killed with SIGKILL.
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runDueJobs } from "~/jobs/job-runner.server";
import { ORPHAN_HOLD_GRACE_MS } from "~/loyalty/redemption/orphan-holds.server";
import { orderPayload } from "../fixtures/shopify-payloads";
import { adminApi } from "../support/admin-api-standin";
import { SHOP, seedMembers } from "../support/members";
import { storeOfflineSession } from "../support/offline-admin";
import { extensionRequest, sessionToken } from "../support/shopper-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { REPO_ROOT, startTsx } from "../support/tsx-processes";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const REDEEM_WORKER = path.join(REPO_ROOT, "test/support/redeem-worker.ts");
let nextDiscount = 1;

describe.each(testDatabaseKinds())("redemption holds on %s", (kind) => {
  let t: TestDatabase;
  let hooks: WebhookHarness;
  let members: string[];
  const deactivated: string[] = [];
  const jobs = (at: Date, db = t.db) => runDueJobs(db, at, { deactivateDiscount: async (_shop, id) => void deactivated.push(id) });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    members = await seedMembers(t.db, 6);
    await storeOfflineSession(t.db, SHOP);
    hooks = await webhookHarness(t);
  });
  afterAll(() => t.destroy());
  beforeEach(() => {
    adminApi.store.reset();
    adminApi.store.shop(SHOP).mutation.discountCodeBasicCreate = () => ({ codeDiscountNode: { id: `gid://shopify/DiscountCodeNode/${nextDiscount++}` }, userErrors: [] });
  });

  const memberOf = (customer: number) => members[customer - 1] as string;
  async function give(customer: number, points: number, key: string) {
    const outcome = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: memberOf(customer), code: "ADJUSTMENT", points, status: "posted", idempotencyKey: key });
    if (!outcome.ok) throw new Error(outcome.message);
  }
  const balance = (customer: number) => t.db.prisma.balance.findUniqueOrThrow({ where: { memberId: memberOf(customer) }, select: { posted: true, pendingDebit: true, available: true } });
  const redeem = (customer: number, body: unknown) => hooks.app(extensionRequest("/api/shopper/redeem", sessionToken({ shop: SHOP, customerId: String(customer) }), { body }));
  const releases = (customer: number) => t.db.prisma.transfer.count({ where: { memberId: memberOf(customer), code: "REDEMPTION_RELEASE" } });

  it("gives back, exactly once and only after a grace period, points held by a redemption whose process stopped before writing its row", async () => {
    await give(1, 1_000, "give:1");
    // The state `kill -9` leaves between the two writes of redeemReward: the hold, under the key the request
    // uses, and no redemptions row.
    const hold = await t.db.ledger.reservePointsForReward({ shop: SHOP, memberId: memberOf(1), points: 500, idempotencyKey: `redeem:${memberOf(1)}:click-stopped`, memo: "Reward amount-off-500" });
    expect(hold.ok).toBe(true);
    const heldAt = Date.now();

    // A request still in flight is left alone.
    await jobs(new Date(heldAt + ORPHAN_HOLD_GRACE_MS - 60_000));
    expect(await balance(1)).toEqual({ posted: 1_000, pendingDebit: 500, available: 500 });

    // Past the grace period two overlapping job runners (the app's timer and cron) release it once between them.
    const later = new Date(heldAt + ORPHAN_HOLD_GRACE_MS + 60_000);
    await Promise.all([jobs(later), jobs(later, t.open())]);
    await jobs(new Date(later.getTime() + 60_000));
    expect(await balance(1)).toEqual({ posted: 1_000, pendingDebit: 0, available: 1_000 });
    expect(await releases(1)).toBe(1);
    expect(await t.db.prisma.redemption.findFirstOrThrow({ where: { memberId: memberOf(1) } })).toMatchObject({ status: "released", discountId: null, requestId: "click-stopped" });

    // The shopper's retry of the stopped request learns that no code was made, and holds nothing again.
    const retry = await redeem(1, { rewardId: "amount-off-500", requestId: "click-stopped" });
    expect(retry.status).toBe(502);
    expect((await retry.json()).error.code).toBe("redemption_failed");
    expect(await balance(1)).toEqual({ posted: 1_000, pendingDebit: 0, available: 1_000 });
    expect(adminApi.store.requests.filter((request) => request.operationName === "TallyCreateBasicCode")).toHaveLength(0);

    const fresh = await redeem(1, { rewardId: "amount-off-500", requestId: "click-fresh" });
    expect(fresh.status).toBe(200);
    expect(await balance(1)).toMatchObject({ pendingDebit: 500, available: 500 });
  });

  it("gives back, exactly once when the code lapses, points held by a redemption killed while Shopify was creating its code", async () => {
    await give(2, 700, "give:2");
    const worker = startTsx(REDEEM_WORKER, [JSON.stringify({ shop: SHOP, customerId: "2", rewardId: "amount-off-500", requestId: "click-killed" })], { DATABASE_URL: t.url });
    try {
      await worker.line((line) => line === "shopify-called", "the discount mutation", 30_000);
    } finally {
      await worker.stop();
    }
    expect(worker.child.signalCode).toBe("SIGKILL");
    const row = await t.db.prisma.redemption.findFirstOrThrow({ where: { memberId: memberOf(2) } });
    expect(row).toMatchObject({ status: "issuing", discountId: null, points: 500 });
    expect(await balance(2)).toEqual({ posted: 700, pendingDebit: 500, available: 200 });

    // Shopify may have made the code; it ends at expiresAt by itself, so the points wait until then.
    await jobs(new Date(row.expiresAt.getTime() - 60_000));
    expect(await balance(2)).toMatchObject({ pendingDebit: 500 });
    await jobs(new Date(row.expiresAt.getTime() + 1_000));
    await jobs(new Date(row.expiresAt.getTime() + 61_000));
    expect(await balance(2)).toEqual({ posted: 700, pendingDebit: 0, available: 700 });
    expect(await releases(2)).toBe(1);
    expect(await t.db.prisma.redemption.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "released" });
  });

  it("marks released, not used, a code whose redemption gave the points back when Shopify refused it and stopped before saying so", async () => {
    await give(5, 600, "give:5");
    // The state a kill leaves after redeemReward voided the hold of a refused code and before it marked the row
    // failed: the hold (same key), the row still issuing, and the void (same key as the redemption writes).
    const hold = await t.db.ledger.reservePointsForReward({ shop: SHOP, memberId: memberOf(5), points: 500, idempotencyKey: `redeem:${memberOf(5)}:click-refused`, memo: "Reward amount-off-500" });
    if (!hold.ok) throw new Error(hold.message);
    const expiresAt = new Date(Date.now() + 24 * 3_600_000);
    const row = await t.db.prisma.redemption.create({
      data: { id: "refused-then-killed", shop: SHOP, memberId: memberOf(5), code: "TALLY-REFU-SED1", points: 500, reservationId: hold.transfer.id, status: "issuing", expiresAt, requestId: "click-refused", reward: JSON.stringify({ id: "amount-off-500", kind: "amount_off", points: 500, amountMinor: 500, minimumOrderMinor: 0 }), createdAt: new Date(), updatedAt: new Date() },
    });
    const voided = await t.db.ledger.voidPendingTransfer({ shop: SHOP, pendingId: hold.transfer.id, code: "REDEMPTION_RELEASE", idempotencyKey: `redemption:${row.id}:refused`, memo: "Shopify did not create code TALLY-REFU-SED1" });
    expect(voided.ok).toBe(true);

    await jobs(new Date(expiresAt.getTime() + 1_000));
    await jobs(new Date(expiresAt.getTime() + 61_000));
    expect(await t.db.prisma.redemption.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "released", orderId: null });
    expect(await balance(5)).toEqual({ posted: 600, pendingDebit: 0, available: 600 });
    expect(await releases(5)).toBe(1);
  });

  it("spends the points again, once, when a paid order uses a code that lapsed and was released", async () => {
    await give(3, 600, "give:3");
    const issued = await (await redeem(3, { rewardId: "amount-off-500", requestId: "click-late-order" })).json();
    await jobs(new Date(Date.parse(issued.expiresAt) + 1_000));
    expect(await balance(3)).toEqual({ posted: 600, pendingDebit: 0, available: 600 });

    // Shopify took the order just before the code lapsed; its orders/paid arrives after the release.
    const order = orderPayload({ id: 9301, customer: { id: 3, state: "enabled" }, subtotal: "10.00", discountCodes: [issued.code.toLowerCase()] });
    expect((await hooks.send(SHOP, "orders/paid", order)).status).toBe(200);
    expect((await hooks.send(SHOP, "orders/paid", order)).status).toBe(200);
    await hooks.work();
    expect(await balance(3)).toEqual({ posted: 600 - 500 + 10, pendingDebit: 0, available: 110 });
    expect(await t.db.prisma.redemption.findFirstOrThrow({ where: { code: issued.code } })).toMatchObject({ status: "used", orderId: "9301" });
    expect(await t.db.prisma.transfer.findMany({ where: { memberId: memberOf(3), code: "REDEMPTION", status: "posted" }, select: { points: true, orderId: true } })).toEqual([{ points: -500, orderId: "9301" }]);
  });

  it("spends them again even when the points are gone by then, leaving a debt", async () => {
    await give(4, 500, "give:4");
    const issued = await (await redeem(4, { rewardId: "amount-off-500", requestId: "click-debt" })).json();
    await jobs(new Date(Date.parse(issued.expiresAt) + 1_000));
    await give(4, -400, "take:4");
    const order = orderPayload({ id: 9401, customer: { id: 4, state: "enabled" }, subtotal: "10.00", discountCodes: [issued.code] });
    expect((await hooks.send(SHOP, "orders/paid", order)).status).toBe(200);
    await hooks.work();
    expect(await balance(4)).toEqual({ posted: 100 - 500 + 10, pendingDebit: 0, available: -390 });
    expect(await t.db.prisma.redemption.findFirstOrThrow({ where: { code: issued.code } })).toMatchObject({ status: "used", orderId: "9401" });
  });
});
