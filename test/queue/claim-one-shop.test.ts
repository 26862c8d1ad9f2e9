// On PostgreSQL, instances share the webhook queue shop by shop: a claim takes the deliveries of one shop, the one
// of the oldest due delivery that no one is settling (docs/decisions/072-an-instance-claims-one-shop-at-a-time.md).
// While another instance holds one shop's settlement lock, this instance's worker settles the other shops' deliveries
// and leaves the held shop's unclaimed, with no attempt counted, for whoever is free next. (SQLite has one writer
// and no claims: its worker takes its batch inside the unit that settles it.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TallyDatabase } from "~/db/database.server";
import { SHOP_SETTLEMENT_LOCK_PREFIX, withSettlementLock } from "~/loyalty/earning/settlement-lock.server";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { claimDueDeliveries } from "~/queue/delivery-queue.server";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { customerPayload } from "../fixtures/shopify-payloads";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { untilTrue } from "../support/until";

const HELD = "claim-held.myshopify.com";
const FREE = "claim-free.myshopify.com";

describe.each(testDatabaseKinds().filter((kind) => kind === "postgres"))("claims of the webhook queue on %s", (kind) => {
  let t: TestDatabase;
  let delivery = 0;

  /** A customers/create delivery for `shop`, received `secondsAgo` seconds ago. */
  const enqueue = async (shop: string, secondsAgo: number) => {
    delivery += 1;
    const stored = await t.db.deliveries.enqueue({
      id: `claim-${delivery}`,
      shop,
      topic: "customers/create",
      payload: customerPayload({ id: 9000 + delivery }),
      receivedAt: new Date(Date.now() - secondsAgo * 1000),
    });
    expect(stored).toBe(true);
    return `claim-${delivery}`;
  };
  const rowsOf = (ids: string[]) => t.db.read.webhookDelivery.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    for (const shop of [HELD, FREE]) await upsertShop(t.db.prisma, { domain: shop, name: shop, currencyCode: "USD" });
  });
  afterAll(() => t?.destroy());

  it("takes one shop's deliveries per claim, the shop of the oldest", async () => {
    const first = [await enqueue(HELD, 50), await enqueue(FREE, 49), await enqueue(HELD, 48), await enqueue(FREE, 47)];
    const now = new Date();
    const one = await claimDueDeliveries(t.db, now, 25, SHOP_SETTLEMENT_LOCK_PREFIX);
    expect(one.map((claimed) => [claimed.shop, claimed.id])).toEqual([
      [HELD, first[0]],
      [HELD, first[2]],
    ]);
    const two = await claimDueDeliveries(t.db, now, 25, SHOP_SETTLEMENT_LOCK_PREFIX);
    expect(two.map((claimed) => [claimed.shop, claimed.id])).toEqual([
      [FREE, first[1]],
      [FREE, first[3]],
    ]);
    expect(await claimDueDeliveries(t.db, now, 25, SHOP_SETTLEMENT_LOCK_PREFIX)).toEqual([]);
    // Leased: they fall due again once their lease ends, and are settled then.
    const later = new Date(now.getTime() + 120_000);
    expect(await processDueDeliveries(t.db, () => later)).toEqual({ processed: 4, failed: 0 });
  });

  it("settles the other shop's deliveries while another instance settles the first, and leaves the first's unclaimed", async () => {
    const held = [await enqueue(HELD, 30), await enqueue(HELD, 29), await enqueue(HELD, 28)];
    const free = [await enqueue(FREE, 20), await enqueue(FREE, 19)];
    // Another instance, on its own connection, in the middle of settling the first shop.
    const other: TallyDatabase = t.open();
    let release: () => void = () => undefined;
    let holding: () => void = () => undefined;
    const isHeld = new Promise<void>((resolve) => (holding = resolve));
    const otherUnit = other.transaction((tx) =>
      withSettlementLock(tx, HELD, async () => {
        holding();
        await new Promise<void>((resolve) => (release = resolve));
      }),
    );
    await isHeld;
    try {
      const run = processDueDeliveries(t.db);
      await untilTrue("the free shop's deliveries settled", async () => (await rowsOf(free)).every((row) => row.status === "done"), 10_000);
      expect(await run).toEqual({ processed: 2, failed: 0 });
      // Unclaimed: no lease, no attempt, due as they were.
      expect((await rowsOf(held)).map((row) => ({ status: row.status, attempts: row.attempts, due: row.runAfter.getTime() === row.receivedAt.getTime() }))).toEqual(
        held.map(() => ({ status: "queued", attempts: 0, due: true })),
      );
    } finally {
      release();
      await otherUnit;
    }
    expect(await processDueDeliveries(t.db)).toEqual({ processed: 3, failed: 0 });
    expect((await rowsOf(held)).map((row) => row.status)).toEqual(["done", "done", "done"]);
  });
});
