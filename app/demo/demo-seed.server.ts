// Fills the demo shop: the shop with the default program, fifty members, and a year of points history for each,
// written only through the ledger writer so balances are exactly what the transfers say. Idempotent: every
// transfer's key comes from the event it records, so a second run replays and changes nothing.
//
// Staff sign in with the demo's own cookie (app/admin/demo-session.server.ts); the offline session written here is
// only for the job runner's Admin API calls, which the demo's local Admin API stand-in answers.
import type { TallyDatabase } from "~/db/database.server";
import type { LedgerOutcome } from "~/loyalty/ledger/ledger-flow";
import type { LedgerWriter } from "~/loyalty/ledger/ledger-writer";
import { setMemberTier, upsertMember } from "~/loyalty/members/member-store.server";
import { findShop, upsertShop } from "~/loyalty/program/shop-store.server";
import { tierForSpend } from "~/loyalty/program/tiers";
import { seedDemoAuditLog } from "./demo-audit.server";
import { DEMO_CUSTOMERS } from "./demo-customers";
import { planDemoHistory, type DemoStep } from "./demo-history";

export const DEMO_SHOP_NAME = "Maple & Moss";
export const DEMO_CURRENCY = "USD";
const DEMO_SCOPES = "read_customers,write_customers,read_orders,read_discounts,write_discounts";

export interface DemoSeedSummary {
  shop: string;
  members: number;
  transfers: number;
  /** Transfers this run added; 0 when the shop was already seeded. */
  written: number;
  /** Members per tier name. */
  tiers: Record<string, number>;
}

async function runStep(ledger: LedgerWriter, shop: string, memberId: string, step: DemoStep, ids: Map<string, string>): Promise<LedgerOutcome> {
  const idOf = (key: string) => {
    const id = ids.get(key);
    // Plans only refer to steps earlier in the same plan; a miss is a bug in demo-history.ts.
    if (!id) throw new Error(`Demo seed: step ${step.key} refers to ${key}, which was not recorded before it`);
    return id;
  };
  switch (step.op) {
    case "record":
      return ledger.recordTransfer({
        shop,
        memberId,
        code: step.code,
        points: step.points,
        status: "posted",
        idempotencyKey: step.key,
        orderId: step.orderId ?? null,
        memo: step.memo,
        actor: step.actor,
      });
    case "reverse":
      return ledger.reverseTransfer({ shop, transferId: idOf(step.of), points: step.points, code: "REFUND_REVERSAL", idempotencyKey: step.key, memo: step.memo });
    case "reserve":
      return ledger.reservePointsForReward({ shop, memberId, points: step.points, idempotencyKey: step.key, memo: step.memo });
    case "post":
      return ledger.postPendingTransfer({ shop, pendingId: idOf(step.of), idempotencyKey: step.key });
    case "release":
      return ledger.voidPendingTransfer({ shop, pendingId: idOf(step.of), idempotencyKey: step.key, code: "REDEMPTION_RELEASE", memo: "Discount code expired unused" });
  }
}

export async function seedDemoShop(db: TallyDatabase, options: { shop: string; now: Date }): Promise<DemoSeedSummary> {
  const { shop, now } = options;
  await upsertShop(db.prisma, { domain: shop, name: DEMO_SHOP_NAME, currencyCode: DEMO_CURRENCY });
  // An offline session, as Shopify's install would leave: the job runner's Admin API calls (order
  // reconciliation, disabling lapsed codes) use it, answered in the demo by the local Admin API stand-in.
  await db.prisma.session.upsert({
    where: { id: `offline_${shop}` },
    create: { id: `offline_${shop}`, shop, state: "demo", isOnline: false, scope: DEMO_SCOPES, accessToken: "shpat_demo_offline_token" },
    update: {},
  });
  const record = await findShop(db.prisma, shop);
  if (!record) throw new Error(`Demo seed: shop ${shop} is missing right after it was written`);
  const { rules } = record;
  const entryTier = tierForSpend(0, rules.tiers).key;

  let written = 0;
  const tiers: Record<string, number> = {};
  for (const customer of DEMO_CUSTOMERS) {
    const { number: _number, ...profile } = customer;
    const member = await upsertMember(db.prisma, { shop, ...profile }, entryTier);
    const history = planDemoHistory(customer, rules, now);
    const ids = new Map<string, string>();
    for (const step of history.steps) {
      const outcome = await runStep(db.ledger, shop, member.id, step, ids);
      if (!outcome.ok) throw new Error(`Demo seed: ${step.key} failed with ${outcome.error}: ${outcome.message}`);
      ids.set(step.key, outcome.transfer.id);
      if (!outcome.replayed) written += 1;
    }
    const tier = tierForSpend(history.tierSpendMinor, rules.tiers);
    await setMemberTier(db.prisma, member.id, tier.key, history.tierSpendMinor);
    tiers[tier.name] = (tiers[tier.name] ?? 0) + 1;
  }

  await seedDemoAuditLog(db, shop, now);

  return {
    shop,
    members: await db.prisma.member.count({ where: { shop } }),
    transfers: await db.prisma.transfer.count({ where: { shop } }),
    written,
    tiers,
  };
}
