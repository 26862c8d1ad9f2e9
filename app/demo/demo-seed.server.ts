// Fills the demo shop: the shop with the default program, fifty members and a year of history, made the way
// production makes it. Sign-ups, orders, refunds and the cancellation go through the delivery handlers the
// webhook worker runs (so orders, referrals, tiers and points agree); reward codes and adjustments go through
// the ledger writer, and each code gets its redemption row (demo-redemptions.server.ts). Each event runs at its own moment: the handlers get it as `now`, and the ledger stamps
// transfers with it, so the dashboard's charts have a year to show.
//
// The year ends on the day the shop was first seeded (the shop's install is recorded a year before it), so
// seeding again, even days later, replays the same events, and every key and id they carry makes that a no-op.
//
// Staff sign in with the demo's own cookie (app/admin/demo-session.server.ts); the offline session written here is
// only for the job runner's Admin API calls, which the demo's local Admin API stand-in answers.
import type { TallyDatabase } from "~/db/database.server";
import { refreshMemberTier } from "~/loyalty/tiers/member-tiers.server";
import { backdateMemberJoin } from "~/loyalty/members/member-store.server";
import { defaultProgramRules, type ProgramRules } from "~/loyalty/program/program-rules";
import { localDate } from "~/loyalty/bonuses/birthday-bonus";
import { giveBirthday } from "~/loyalty/bonuses/give-birthday.server";
import { tierFor } from "~/loyalty/tiers/tiers";
import { ensureShopInstalledAt, findShop, upsertShop } from "~/loyalty/program/shop-store.server";
import { ACCESS_SCOPES_LIST } from "~/shopify-admin/access-scopes";
import { ensureOfflineSession } from "~/shopify-sessions.server";
import { deliveryHandlers } from "~/webhooks/delivery-handlers.server";
import { seedDemoAuditLog } from "./demo-audit.server";
import { DEMO_CUSTOMERS } from "./demo-customers";
import { DEMO_ACTOR, planDemoHistory, type DemoEvent } from "./demo-history";
import { recordDemoRedemption, resolveDemoRedemption } from "./demo-redemptions.server";
import { customerCreatePayload, orderPayload, refundPayload } from "./demo-payloads";

export const DEMO_SHOP_NAME = "Maple & Moss";
export const DEMO_CURRENCY = "USD";
/** The demo shop's time zone, as the stand-in's `shop.ianaTimezone` answers it (tools/admin-api-standin/demo-scenario.json). */
export const DEMO_TIME_ZONE = "America/New_York";
/**
 * Demo customers who gave their birthday months ago, and how many days before the year's end it falls: switching the
 * birthday bonus on in the demo's Program page pays them at the next job run (today's, and one the catch-up covers).
 */
const DEMO_BIRTHDAYS = [
  { customer: 1, daysBeforeEnd: 0 },
  { customer: 2, daysBeforeEnd: 3 },
  { customer: 3, daysBeforeEnd: -20 },
];
const YEAR_MS = 365 * 86_400_000;

export interface DemoSeedSummary {
  shop: string;
  members: number;
  transfers: number;
  orders: number;
  referrals: number;
  /** Transfers this run added; 0 when the shop was already seeded. */
  written: number;
  /** Members per tier name. */
  tiers: Record<string, number>;
}

/** The shop, installed a year before the first seed; returns the moment the demo's history ends. */
async function demoShop(db: TallyDatabase, shop: string, now: Date): Promise<Date> {
  const profile = { domain: shop, name: DEMO_SHOP_NAME, currencyCode: DEMO_CURRENCY, timeZone: DEMO_TIME_ZONE };
  const installedAt = await ensureShopInstalledAt(db, profile, new Date(now.getTime() - YEAR_MS));
  // A Plus shop with new customer accounts, as the stand-in's demo scenario answers the install's ShopProfile:
  // the demo shows every place a shopper can redeem (app/loyalty/redemption/redeem-places.ts).
  await upsertShop(db, { ...profile, shopifyPlus: true, customerAccounts: "new" });
  return new Date(installedAt.getTime() + YEAR_MS);
}

async function memberId(db: TallyDatabase, shop: string, customerId: string): Promise<string> {
  const member = await db.read.member.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { id: true } });
  // Plans only refer to customers who signed up earlier in the same plan; a miss is a bug in demo-history.ts.
  if (!member) throw new Error(`Demo seed: customer ${customerId} has no member yet`);
  return member.id;
}

async function referralCode(db: TallyDatabase, shop: string, customerNumber: number): Promise<string[]> {
  const customer = DEMO_CUSTOMERS[customerNumber - 1];
  if (!customer) throw new Error(`Demo seed: no demo customer ${customerNumber}`);
  const member = await db.read.member.findUnique({ where: { shop_customerId: { shop, customerId: customer.customerId } }, select: { referralCode: true } });
  return member?.referralCode ? [member.referralCode] : [];
}

async function runEvent(db: TallyDatabase, shop: string, event: DemoEvent): Promise<void> {
  const now = event.at;
  switch (event.kind) {
    case "signup": {
      await deliveryHandlers["customers/create"](db, shop, customerCreatePayload(event.customer, now), now);
      // The member joined when the customer signed up, not when this seed ran.
      await backdateMemberJoin(db, shop, event.customer.customerId, now);
      return;
    }
    case "order": {
      const codes = event.referralOf === null ? [] : await referralCode(db, shop, event.referralOf);
      return deliveryHandlers["orders/paid"](db, shop, orderPayload(event, codes), now);
    }
    case "cancel": {
      const codes = event.order.referralOf === null ? [] : await referralCode(db, shop, event.order.referralOf);
      return deliveryHandlers["orders/cancelled"](db, shop, orderPayload(event.order, codes), now);
    }
    case "refund":
      return deliveryHandlers["refunds/create"](db, shop, refundPayload(event), now);
    case "reserve": {
      const member = await memberId(db, shop, event.customer.customerId);
      const outcome = await db.ledger.reservePointsForReward({ shop, memberId: member, points: event.points, idempotencyKey: event.key, memo: `Reward: ${event.points} points for a discount code` });
      if (!outcome.ok) throw new Error(`Demo seed: ${event.key} failed with ${outcome.error}: ${outcome.message}`);
      const hold = { shop, memberId: member, reservationId: outcome.transfer.id, key: event.key, points: event.points, at: now };
      return recordDemoRedemption(db, hold, defaultProgramRules());
    }
    case "resolve": {
      const reservation = await db.read.transfer.findUnique({ where: { shop_idempotencyKey: { shop, idempotencyKey: event.reservation } }, select: { id: true } });
      if (!reservation) throw new Error(`Demo seed: ${event.key} resolves ${event.reservation}, which is missing`);
      const outcome =
        event.outcome === "post"
          ? await db.ledger.postPendingTransfer({ shop, pendingId: reservation.id, idempotencyKey: event.key })
          : await db.ledger.voidPendingTransfer({ shop, pendingId: reservation.id, idempotencyKey: event.key, code: "REDEMPTION_RELEASE", memo: "Discount code expired unused" });
      if (!outcome.ok) throw new Error(`Demo seed: ${event.key} failed with ${outcome.error}: ${outcome.message}`);
      return resolveDemoRedemption(db, reservation.id, event.outcome, now);
    }
    case "adjust": {
      const outcome = await db.ledger.recordTransfer({
        shop,
        memberId: await memberId(db, shop, event.customer.customerId),
        code: "ADJUSTMENT",
        points: event.points,
        status: "posted",
        idempotencyKey: event.key,
        memo: event.memo,
        actor: DEMO_ACTOR,
      });
      if (!outcome.ok) throw new Error(`Demo seed: ${event.key} failed with ${outcome.error}: ${outcome.message}`);
      return;
    }
  }
}

/** Birthdays given through the shoppers' own command, 200 days before the year's end (a re-seed gives the same ones). */
async function seedDemoBirthdays(db: TallyDatabase, shop: string, rules: ProgramRules, end: Date): Promise<void> {
  const givenAt = new Date(end.getTime() - 200 * 86_400_000);
  for (const { customer, daysBeforeEnd } of DEMO_BIRTHDAYS) {
    const demoCustomer = DEMO_CUSTOMERS[customer - 1];
    if (!demoCustomer) throw new Error(`Demo seed: no demo customer ${customer}`);
    const { month, day } = localDate(new Date(end.getTime() - daysBeforeEnd * 86_400_000), DEMO_TIME_ZONE);
    // A birthday staff or a shopper changed since the first seed stays theirs (birthday_locked): the seed does not insist.
    const given = await giveBirthday(db, { shop, customerId: demoCustomer.customerId, entryTier: tierFor(0, rules.tiers).key, birthday: { month, day }, now: givenAt });
    if (!given.ok && given.error === "invalid_birthday") throw new Error(`Demo seed: ${month}/${day} is not a birthday`);
  }
}

export async function seedDemoShop(db: TallyDatabase, options: { shop: string; now: Date }): Promise<DemoSeedSummary> {
  const { shop } = options;
  const end = await demoShop(db, shop, options.now);
  // An offline session, as Shopify's install would leave: the job runner's Admin API calls (order
  // reconciliation, disabling lapsed codes) use it, answered in the demo by the local Admin API stand-in.
  await ensureOfflineSession(db, { id: `offline_${shop}`, shop, state: "demo", scope: ACCESS_SCOPES_LIST, accessToken: "shpat_demo_offline_token" });
  const record = await findShop(db.read, shop);
  if (!record) throw new Error(`Demo seed: shop ${shop} is missing right after it was written`);
  const { rules } = record;

  const before = await db.read.transfer.count({ where: { shop } });
  let moment = end;
  const timed = db.withClock(() => moment);
  // The history happened under the default program. Planning it from the shop's current rules would make a
  // re-seed after a rule change in the admin plan other events than the first seed wrote.
  for (const event of planDemoHistory(defaultProgramRules(), end)) {
    moment = event.at;
    await runEvent(timed, shop, event);
  }
  // Tiers as of the end of the year: spend from more than a year ago no longer counts.
  const members = await db.read.member.findMany({ where: { shop }, select: { id: true } });
  for (const member of members) await refreshMemberTier(db, shop, member.id, rules, end);

  await seedDemoBirthdays(db, shop, rules, end);
  await seedDemoAuditLog(db, shop, end);

  const held = await db.read.member.groupBy({ by: ["tier"], where: { shop }, _count: true });
  const tiers: Record<string, number> = {};
  for (const tier of rules.tiers) {
    const count = held.find((row) => row.tier === tier.key)?._count ?? 0;
    if (count > 0) tiers[tier.name] = count;
  }
  const transfers = await db.read.transfer.count({ where: { shop } });
  return {
    shop,
    members: members.length,
    transfers,
    orders: await db.read.loyaltyOrder.count({ where: { shop } }),
    referrals: await db.read.referral.count({ where: { shop } }),
    written: transfers - before,
    tiers,
  };
}
