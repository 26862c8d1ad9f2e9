// customers/redact: erase everything that names the customer, keep their anonymous ledger. The member row keeps
// its id, tier and balances and the transfers keep their points, codes, keys, order and member ids, so the
// program's accounting still balances. What goes (docs/privacy.md, docs/decisions/019-customer-redaction.md):
// - the member's name, email, address key and customer id (replaced by a random pseudonym), and their referral
//   code, built from their first name, replaced by a neutral one wherever it was recorded;
// - the customer id and the email and address keys of their orders (theirs, and those Shopify names), and the
//   customer id of the referrals they were the friend of; the shoppers' order days the dashboard keeps from
//   orders follow, by trigger (docs/decisions/017-customer-cover-rollups.md);
// - their rows in imports not yet run, their stored data requests, and the payloads of deliveries about them
//   that are still waiting (applied deliveries keep no payload at all);
// - their customer metafields' row (docs/metafields.md): nothing more is written to Shopify for them;
// - the notes staff wrote on the member's transfers and audit events (adjustment reasons, import notes), which
//   may name them: replaced through the ledger writer, the one exception the append-only tables allow.
// The customer is remembered under a keyed hash, so late webhooks about them store nothing personal again.
// This module decides what goes; each table's owner writes it (app/db/table-owners.mjs), in the caller's unit of work.
import { randomUUID } from "node:crypto";
import type { TallyDatabase } from "~/db/database.server";
import { anonymizeCustomerOrders, replaceOrderCodes } from "~/loyalty/earning/order-erasure.server";
import { replaceImportRows } from "~/loyalty/imports/import-erasure.server";
import { eraseMemberProfile } from "~/loyalty/members/member-store.server";
import { rememberRedactedCustomer } from "~/loyalty/privacy/redacted-customers.server";
import { canonicalReferralCode, newReferralCode } from "~/loyalty/referrals/referral-codes";
import { replaceAdvocateCode, replaceFriendCustomer } from "~/loyalty/referrals/referral-store.server";
import { closeEmptiedDelivery, replaceWaitingPayload } from "~/queue/delivery-queue.server";
import { eraseCustomerDataRequests } from "./data-requests.server";
import { eraseMemberEvents } from "~/loyalty/events/event-feed-store.server";
import { skipWaitingDeliveries } from "~/loyalty/outgoing-webhooks/endpoint-store.server";
import { forgetFlowSendsOf } from "~/loyalty/flow/flow-send-store.server";
import { eraseCustomerEmails } from "~/loyalty/emails/email-store.server";
import { eraseMemberSync } from "~/loyalty/metafields/metafield-store.server";
import { normalizeEmail } from "~/loyalty/referrals/referral-identity";
import type { CustomersRedact } from "~/shopify-input/compliance-payloads";
import { withoutCustomer, type ErasedCustomer } from "./erase-customer-data";
import { isUniqueViolation } from "~/db/prisma-errors";

/**
 * A stand-in for the customer id that keeps (shop, customer) unique without naming the customer. Random, not a
 * hash of the id: a hash of a numeric id can be reversed by trying ids.
 */
function pseudonym(): string {
  return `redacted:${randomUUID().replaceAll("-", "")}`;
}

const CODE_ATTEMPTS = 5;

/** Erases the member's profile; returns their id and the referral code they had, or null without a member. */
async function eraseMember(db: TallyDatabase, shop: string, customerId: string, stand: string, now: Date) {
  const member = await db.prisma.member.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { id: true, referralCode: true } });
  if (!member) return null;
  for (let attempt = 1; ; attempt++) {
    try {
      // The old code carried the first name; the Shopify discount made for it goes with it.
      await eraseMemberProfile(db, member.id, { customerId: stand, referralCode: member.referralCode === null ? null : newReferralCode(null), redactedAt: now });
      break;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= CODE_ATTEMPTS) throw error;
    }
  }
  const { referralCode } = await db.prisma.member.findUniqueOrThrow({ where: { id: member.id }, select: { referralCode: true } });
  return { id: member.id, oldCode: member.referralCode, newCode: referralCode };
}

/** The advocate's old code, wherever it was recorded: their referrals and the friends' orders that carried it. */
async function replaceReferralCode(db: TallyDatabase, shop: string, memberId: string, oldCode: string, newCode: string, now: Date): Promise<void> {
  const old = canonicalReferralCode(oldCode);
  const referrals = await db.prisma.referral.findMany({ where: { shop, advocateMemberId: memberId }, select: { orderId: true } });
  await replaceAdvocateCode(db, shop, memberId, newCode, now);
  const orders = await db.prisma.loyaltyOrder.findMany({
    where: { shop, orderId: { in: referrals.map((referral) => referral.orderId) } },
    select: { orderId: true, referralCode: true, discountCodes: true },
  });
  const swap = (code: string) => (canonicalReferralCode(code) === old ? newCode : code);
  for (const order of orders) {
    const codes = JSON.parse(order.discountCodes) as unknown;
    await replaceOrderCodes(db, shop, order.orderId, {
      referralCode: order.referralCode === null ? null : swap(order.referralCode),
      discountCodes: JSON.stringify(Array.isArray(codes) ? codes.map((code) => (typeof code === "string" ? swap(code) : code)) : codes),
    });
  }
}

/** Rows of imports not yet run that name the customer keep their points and lose who they are. */
async function eraseImportRows(db: TallyDatabase, shop: string, customer: ErasedCustomer, memberId: string | null, stand: string): Promise<void> {
  const runs = await db.prisma.importRun.findMany({ where: { shop, rows: { not: "[]" } }, select: { id: true, rows: true } });
  for (const run of runs) {
    const rows = JSON.parse(run.rows) as Record<string, unknown>[];
    let changed = false;
    const kept = rows.map((row) => {
      const theirs =
        row.customerId === customer.id ||
        (memberId !== null && row.memberId === memberId) ||
        (customer.emailKey !== null && normalizeEmail(typeof row.email === "string" ? row.email : null) === customer.emailKey);
      if (!theirs) return row;
      changed = true;
      // The run finds the anonymous member by its pseudonym (or makes one without a profile).
      return { ...row, memberId: memberId ?? row.memberId ?? null, customerId: stand, email: null, firstName: null, lastName: null, note: null };
    });
    if (changed) await replaceImportRows(db, run.id, kept);
  }
}

/** Deliveries still waiting (queued, or failed and kept for a retry) lose what they say about the customer. */
async function eraseWaitingDeliveries(db: TallyDatabase, shop: string, customer: ErasedCustomer, orderIds: string[], now: Date): Promise<void> {
  const ids = [customer.id, ...orderIds];
  const waiting = await db.prisma.webhookDelivery.findMany({
    where: { shop, status: { not: "done" }, OR: ids.map((id) => ({ payload: { contains: id } })) },
    select: { id: true, topic: true, payload: true },
  });
  for (const delivery of waiting) {
    if (delivery.payload === null) continue;
    const erased = withoutCustomer(delivery.topic, JSON.parse(delivery.payload) as unknown, customer, orderIds);
    if (erased === "unchanged") continue;
    // Nothing is left to do for an event about the erased customer alone: it is closed with no payload.
    if (erased === "nothing_left") await closeEmptiedDelivery(db, delivery.id, now);
    else await replaceWaitingPayload(db, delivery.id, erased);
  }
}

async function eraseMemberFeed(db: TallyDatabase, memberId: string): Promise<void> {
  const events = await db.prisma.loyaltyEvent.findMany({ where: { memberId }, select: { id: true } });
  await skipWaitingDeliveries(db.prisma, events.map((event) => event.id));
  await forgetFlowSendsOf(db.prisma, events.map((event) => event.id));
  await eraseMemberEvents(db.prisma, memberId);
}

export async function redactCustomer(db: TallyDatabase, shop: string, request: CustomersRedact, now: Date): Promise<{ redacted: boolean }> {
  const customerId = request.customer.id;
  // First, so that an event about them handled from now on already finds them erased.
  await rememberRedactedCustomer(db, shop, customerId, now);
  const stand = pseudonym();
  const member = await eraseMember(db, shop, customerId, stand, now);
  if (member?.oldCode && member.newCode) await replaceReferralCode(db, shop, member.id, member.oldCode, member.newCode, now);
  // Staff may have named the customer in an adjustment's reason or an import's note; the points stay, the words go.
  if (member) await db.ledger.eraseMemberNotes(member.id);
  // Their loyalty events lose their data (the ids stay, so the feed never derives them again) and outgoing
  // webhooks about them that have not gone yet will not go; the feed skips a redacted member from now on.
  if (member) await eraseMemberFeed(db, member.id);
  // Emails about them or from them (sent or waiting), their unsubscribes, and invitations waiting for their address.
  await eraseCustomerEmails(db.prisma, shop, member?.id ?? null, request.customer.email ?? null);
  // Their customer metafields: no write is pending for them any more, and what Shopify was given is forgotten
  // (it held their referral code); the sync never marks a redacted member again.
  if (member) await eraseMemberSync(db.prisma, member.id);

  await anonymizeCustomerOrders(db, shop, { customerId, orderIds: request.orders_to_redact }, stand);
  await replaceFriendCustomer(db, shop, customerId, stand, now);
  const customer: ErasedCustomer = { id: customerId, emailKey: normalizeEmail(request.customer.email) };
  await eraseImportRows(db, shop, customer, member?.id ?? null, stand);
  await eraseWaitingDeliveries(db, shop, customer, request.orders_to_redact, now);
  await eraseCustomerDataRequests(db, shop, customerId);
  return { redacted: member !== null };
}
