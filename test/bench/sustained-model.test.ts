// The sustained webhook bench (bench/sustained.ts) judges Tally by its own model of what a mix of deliveries must
// do to every balance (bench/sustained-mix.ts). This holds the model to the real thing: a small mix of the same
// kind — tiers climbed, referral rewards, refunds and cancellations before their orders, redeliveries with the same
// and a new webhook id — sent through the webhook routes and worked by the queue, in the mix's order, must end in
// exactly the balances the model predicts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultProgramRules } from "~/loyalty/program/program-rules";
import { SustainedMix } from "../../bench/sustained-mix";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "sustained-model.myshopify.com";
/** Events of one customer are SPACING deliveries apart; working the queue every WORK_EVERY keeps them in order. */
const SPACING = 12;
const WORK_EVERY = 6;

describe.each(testDatabaseKinds())("the sustained bench's model on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    await h.useProgram(SHOP, () => undefined);
  });
  afterAll(() => t.destroy());

  async function deliver(mix: SustainedMix, range: { from: number; to: number }) {
    for (let i = range.from; i < range.to; i++) {
      const delivery = mix.deliveries[i];
      if (!delivery) throw new Error(`no delivery ${i}`);
      const response = await h.send(SHOP, delivery.topic, JSON.parse(delivery.body), { webhookId: delivery.webhookId });
      expect(response.status).toBe(200);
      if ((i + 1) % WORK_EVERY === 0) await h.work();
    }
    const { failed } = await h.work();
    expect(failed).toBe(0);
  }

  it("predicts every customer's balance after a mix worked in its order", async () => {
    const mix = new SustainedMix({ seed: 7, customers: 40, spacing: SPACING, paidFrom: new Date(Date.now() - 3_600_000) }, defaultProgramRules());
    for (const round of mix.seed()) await deliver(mix, round);
    const members = await t.db.prisma.member.findMany({ where: { shop: SHOP }, select: { customerId: true, referralCode: true } });
    mix.useReferralCodes(new Map(members.flatMap((m) => (m.referralCode ? [[m.customerId, m.referralCode] as const] : []))));
    await deliver(mix, mix.run(400));

    const expected = Object.fromEntries(mix.expectedBalances());
    const found: Record<string, number> = {};
    for (const customerId of Object.keys(expected)) {
      const balance = await h.balances(SHOP, customerId);
      expect(balance?.pendingCredit ?? 0).toBe(0);
      found[customerId] = balance?.posted ?? 0;
    }
    expect(found).toEqual(expected);

    // The mix reached what makes the model worth having.
    const { stats } = mix;
    expect(stats.ordersAtTier.silver).toBeGreaterThan(0);
    expect(stats.ordersAtTier.gold).toBeGreaterThan(0);
    expect(stats.referralsRewarded).toBeGreaterThan(0);
    expect(stats.referralsRejected).toBeGreaterThan(0);
    expect(stats.refundsBeforeOrder).toBeGreaterThan(0);
    expect(stats.cancellationsBeforeOrder).toBeGreaterThan(0);
    expect(stats.redeliveries.sameId).toBeGreaterThan(0);
    expect(stats.redeliveries.newId).toBeGreaterThan(0);
    expect(stats.signupBonuses).toBeGreaterThan(0);
  }, 600_000);
});
