// A delivery's work is all or nothing: when applying it fails half-way, nothing it wrote stays (members, order
// facts, points, balances, daily sums), and once the cause is gone the retry ends exactly where a delivery that
// never failed ends. The failure is real: a trigger the test installs makes the database refuse one write deep in
// the real handler (the referral, a member's tier, the sign-up bonus mark).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditBalances, auditDailySums } from "~/loyalty/ledger/ledger-audit.server";
import { customerPayload, orderPayload, refundPayload } from "../fixtures/shopify-payloads";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "atomic.myshopify.com";
/** Receives the same deliveries without any failure: what SHOP must end up as. */
const CONTROL = "atomic-control.myshopify.com";
const SECOND = 1000;

/** Every table a delivery writes to, directly or through triggers. */
const TABLES = [
  "members",
  "orders",
  "order_refunds",
  "transfers",
  "balances",
  "ledger_daily",
  "order_daily",
  "referrals",
  "referral_daily",
  "shopper_order_days",
  "customer_gains",
  "customer_lapses",
];

describe.each(testDatabaseKinds())("a delivery that fails half-way on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;
  let clock = new Date();

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    await h.useProgram(SHOP, () => undefined);
    await h.useProgram(CONTROL, () => undefined);
  });
  afterAll(() => t.destroy());

  async function snapshot(): Promise<Record<string, string[]>> {
    const all: Record<string, string[]> = {};
    for (const table of TABLES) {
      const rows = await t.sql(`SELECT * FROM ${table} WHERE shop = '${SHOP}'`);
      all[table] = rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value))).sort();
    }
    return all;
  }

  /** Makes the database refuse a write: `target` is "BEFORE INSERT ON referrals" or the like, `when` a condition on NEW/OLD. */
  async function refuse(name: string, target: string, when: string): Promise<void> {
    if (kind === "sqlite") {
      await t.sql(`CREATE TRIGGER ${name} ${target} FOR EACH ROW WHEN NEW.shop = '${SHOP}' AND (${when}) BEGIN SELECT RAISE(ABORT, 'refused by the test: ${name}'); END`);
    } else {
      await t.sql(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test: ${name}'; END $$`);
      await t.sql(`CREATE TRIGGER ${name} ${target} FOR EACH ROW WHEN (NEW.shop = '${SHOP}' AND (${when})) EXECUTE FUNCTION ${name}()`);
    }
  }

  async function allow(name: string): Promise<void> {
    if (kind === "sqlite") {
      await t.sql(`DROP TRIGGER ${name}`);
    } else {
      await t.sql(`DROP TRIGGER ${name} ON ${name.replace(/^refuse_/, "")}`);
      await t.sql(`DROP FUNCTION ${name}()`);
    }
  }

  /** Sends to both shops; SHOP's delivery fails while `refusal` is installed, the control's goes through. */
  async function deliverFailingOnce(topic: string, payload: unknown, refusal: { name: string; target: string; when: string }) {
    const before = await snapshot();
    await refuse(refusal.name, refusal.target, refusal.when);
    expect((await h.send(SHOP, topic, payload)).status).toBe(200);
    expect((await h.send(CONTROL, topic, payload)).status).toBe(200);
    clock = new Date(Date.now() + SECOND);
    expect(await h.work(clock)).toEqual({ processed: 1, failed: 1 });

    expect(await snapshot()).toEqual(before);
    const failed = await t.db.prisma.webhookDelivery.findFirst({ where: { shop: SHOP, topic, status: "queued", lastError: { not: null } } });
    // Prisma reports SQLite's RAISE in a trigger as a constraint violation, without the trigger's message; a write
    // on the driver (docs/decisions/033-settlement-on-the-driver.md) keeps the message, as PostgreSQL does.
    expect(failed?.lastError).toMatch(kind === "sqlite" ? new RegExp(`constraint violated|refused by the test: ${refusal.name}`) : new RegExp(`refused by the test: ${refusal.name}`));

    await allow(refusal.name);
    clock = new Date(clock.getTime() + 5 * SECOND);
    expect(await h.work(clock)).toEqual({ processed: 1, failed: 0 });
    expect(await t.db.prisma.webhookDelivery.count({ where: { shop: SHOP, status: { not: "done" } } })).toBe(0);
  }

  /** The shop's state, without what differs between two shops by chance (random ids and codes). */
  async function state(shop: string) {
    const members = await t.db.prisma.member.findMany({ where: { shop }, include: { balance: true }, orderBy: { customerId: "asc" } });
    const customerOf = new Map(members.map((member) => [member.id, member.customerId]));
    const transfers = await t.db.prisma.transfer.findMany({ where: { shop }, orderBy: { idempotencyKey: "asc" } });
    return {
      members: members.map((m) => ({
        customerId: m.customerId,
        tier: m.tier,
        tierSpend: m.tierSpend,
        bonus: m.signupBonusAt !== null,
        balance: m.balance && { posted: m.balance.posted, pendingCredit: m.balance.pendingCredit, pendingDebit: m.balance.pendingDebit, available: m.balance.available, lifetimeEarned: m.balance.lifetimeEarned },
      })),
      // Keys that name the member (the sign-up bonus's) name it by customer here, as member ids differ by shop.
      transfers: transfers
        .map((x) => ({ customer: customerOf.get(x.memberId), code: x.code, points: x.points, status: x.status, key: x.idempotencyKey.replace(x.memberId, `customer-${customerOf.get(x.memberId)}`), orderId: x.orderId }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      orders: (await t.db.prisma.loyaltyOrder.findMany({ where: { shop }, orderBy: { orderId: "asc" } })).map(({ shop: _s, memberId, createdAt: _c, updatedAt: _u, discountCodes: _d, referralCode: _r, ...order }) => ({ ...order, member: memberId && customerOf.get(memberId) })),
      refunds: (await t.db.prisma.orderRefund.findMany({ where: { shop }, orderBy: { refundId: "asc" } })).map(({ shop: _s, ...refund }) => refund),
      referrals: (await t.db.prisma.referral.findMany({ where: { shop }, orderBy: { orderId: "asc" } })).map((r) => ({ orderId: r.orderId, advocate: customerOf.get(r.advocateMemberId), status: r.status, reason: r.reason })),
      ledgerDaily: (await t.db.prisma.ledgerDaily.findMany({ where: { shop }, orderBy: [{ day: "asc" }, { code: "asc" }, { status: "asc" }] })).map(({ shop: _s, ...row }) => row),
      orderDaily: (await t.db.prisma.orderDaily.findMany({ where: { shop }, orderBy: { day: "asc" } })).map(({ shop: _s, ...row }) => row),
      referralDaily: (await t.db.prisma.referralDaily.findMany({ where: { shop }, orderBy: [{ day: "asc" }, { status: "asc" }] })).map(({ shop: _s, ...row }) => row),
    };
  }

  it("leaves nothing of a customers/create whose last write fails, and grants the sign-up bonus once on the retry", async () => {
    await deliverFailingOnce("customers/create", customerPayload({ id: 1, email: "ann@example.com", first_name: "Ann", state: "enabled" }), {
      name: "refuse_members",
      target: "BEFORE UPDATE ON members",
      when: "NEW.signup_bonus_at IS NOT NULL AND OLD.signup_bonus_at IS NULL",
    });
    expect(await h.balances(SHOP, 1)).toMatchObject({ posted: 100, available: 100 });
  });

  it("leaves no member, order, points or daily sums of an orders/paid whose referral cannot be recorded, and settles it exactly on the retry", async () => {
    const advocate = await t.db.prisma.member.findUnique({ where: { shop_customerId: { shop: SHOP, customerId: "1" } } });
    const control = await t.db.prisma.member.findUnique({ where: { shop_customerId: { shop: CONTROL, customerId: "1" } } });
    // Each shop's friend uses the code of that shop's advocate.
    const order = (code: string) => orderPayload({ id: 20, customer: { id: 2, email: "friend@example.com", state: "enabled" }, subtotal: "180.00", discountCodes: [code] });
    const before = await snapshot();
    await refuse("refuse_referrals", "BEFORE INSERT ON referrals", "1 = 1");
    expect((await h.send(SHOP, "orders/paid", order(advocate?.referralCode ?? ""))).status).toBe(200);
    expect((await h.send(CONTROL, "orders/paid", order(control?.referralCode ?? ""))).status).toBe(200);
    clock = new Date(Date.now() + SECOND);
    expect(await h.work(clock)).toEqual({ processed: 1, failed: 1 });
    expect(await snapshot()).toEqual(before);
    expect(await h.balances(SHOP, 2)).toBeNull();

    await allow("refuse_referrals");
    clock = new Date(clock.getTime() + 5 * SECOND);
    expect(await h.work(clock)).toEqual({ processed: 1, failed: 0 });
    expect(await h.balances(SHOP, 2)).toMatchObject({ posted: 180, available: 180 });
    expect(await h.balances(SHOP, 1)).toMatchObject({ posted: 600 });
    expect(await state(SHOP)).toEqual(await state(CONTROL));
  });

  it("leaves no refund, reversal or changed daily sum of a refunds/create whose tier update fails, and applies it once on the retry", async () => {
    await deliverFailingOnce("refunds/create", refundPayload({ id: 30, orderId: 20, lines: [{ subtotal: "80.00" }] }), {
      name: "refuse_members",
      target: "BEFORE UPDATE ON members",
      when: "NEW.tier_spend <> OLD.tier_spend",
    });
    expect(await h.balances(SHOP, 2)).toMatchObject({ posted: 100, available: 100 });
    expect(await state(SHOP)).toEqual(await state(CONTROL));
    expect((await auditBalances(t.db)).drift).toEqual([]);
    expect((await auditDailySums(t.db)).drift).toEqual([]);
  });
});
