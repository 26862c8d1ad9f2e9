// customers/data_request: Shopify asks what Tally holds on a customer. We assemble everything docs/privacy.md lists
// — the member profile (with the address key and referral code), balances and every transfer, their orders as
// Tally holds them with their refunds, the referrals they made and the ones they were the friend of, their reward
// codes, import rows and staff actions about them, and deliveries about them still waiting in the queue — and
// store it for the merchant to download and send to the customer.
import { randomUUID } from "node:crypto";
import type { TallyDatabase } from "~/db/database.server";
import { normalizeEmail } from "~/loyalty/referrals/referral-identity";
import type { CustomersDataRequest } from "~/shopify-input/compliance-payloads";
import { withoutCustomer } from "~/loyalty/privacy/erase-customer-data";
import { storeDataRequest } from "~/loyalty/privacy/data-requests.server";

export const DATA_EXPORT_FORMAT = "tally-customer-data/1";

const iso = (date: Date | null) => date?.toISOString() ?? null;

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

type Member = NonNullable<Awaited<ReturnType<typeof findMember>>>;

function findMember(db: TallyDatabase, shop: string, customerId: string) {
  return db.read.member.findUnique({
    where: { shop_customerId: { shop, customerId } },
    include: { balance: true, transfers: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });
}

function memberProfile(member: Member) {
  return {
    email: member.email,
    firstName: member.firstName,
    lastName: member.lastName,
    accountState: member.accountState,
    tier: member.tier,
    tierSpendMinor: member.tierSpend,
    referralCode: member.referralCode,
    locale: member.locale,
    addressKey: member.addressKey,
    signupBonusAt: iso(member.signupBonusAt),
    birthday: member.birthMonth !== null && member.birthDay !== null ? { month: member.birthMonth, day: member.birthDay, givenAt: iso(member.birthdayGivenAt) } : null,
    memberSince: member.createdAt.toISOString(),
    redactedAt: iso(member.redactedAt),
    balances: member.balance
      ? {
          posted: member.balance.posted,
          pending: member.balance.pendingCredit,
          reserved: member.balance.pendingDebit,
          available: member.balance.available,
          lifetimeEarned: member.balance.lifetimeEarned,
        }
      : null,
    transfers: member.transfers.map((t) => ({
      id: t.id,
      code: t.code,
      points: t.points,
      status: t.status,
      orderId: t.orderId,
      memo: t.memo,
      createdAt: t.createdAt.toISOString(),
    })),
  };
}

async function ordersOf(db: TallyDatabase, shop: string, customerId: string, memberId: string | null, requested: string[]) {
  const orders = await db.read.loyaltyOrder.findMany({
    where: { shop, OR: [{ customerId }, ...(memberId ? [{ memberId }] : []), { orderId: { in: requested } }] },
    orderBy: [{ paidAt: "asc" }, { orderId: "asc" }],
  });
  const refunds = await db.read.orderRefund.findMany({ where: { shop, orderId: { in: orders.map((order) => order.orderId) } }, orderBy: { refundedAt: "asc" } });
  return orders.map((order) => ({
    orderId: order.orderId,
    paidAt: iso(order.paidAt),
    test: order.test,
    eligibleSpendMinor: order.eligibleMinor,
    refundedMinor: order.refundedMinor,
    earnedPoints: order.earnedPoints,
    tierAtPaid: order.tierAtPaid,
    pointsPostAt: iso(order.pointsPostAt),
    cancelledAt: iso(order.cancelledAt),
    emailKey: order.emailKey,
    shippingAddressKey: order.shippingAddressKey,
    discountCodes: parseJson(order.discountCodes),
    referralCode: order.referralCode,
    refunds: refunds
      .filter((refund) => refund.orderId === order.orderId)
      .map((refund) => ({ refundId: refund.refundId, eligibleMinor: refund.eligibleMinor, refundedAt: refund.refundedAt.toISOString() })),
  }));
}

const referralFields = { orderId: true, code: true, status: true, reason: true, rewardAt: true, decidedAt: true, createdAt: true } as const;

function referralView(referral: { orderId: string; code: string; status: string; reason: string | null; rewardAt: Date | null; decidedAt: Date | null; createdAt: Date }) {
  return { ...referral, rewardAt: iso(referral.rewardAt), decidedAt: iso(referral.decidedAt), createdAt: referral.createdAt.toISOString() };
}

/** Rows of imports that name the customer (kept until the import has run). */
async function importRowsOf(db: TallyDatabase, shop: string, customerId: string, memberId: string | null, emailKey: string | null) {
  const runs = await db.read.importRun.findMany({ where: { shop, rows: { not: "[]" } }, select: { id: true, fileName: true, status: true, createdAt: true, rows: true } });
  return runs.flatMap((run) =>
    (JSON.parse(run.rows) as Record<string, unknown>[])
      .filter(
        (row) =>
          row.customerId === customerId ||
          (memberId !== null && row.memberId === memberId) ||
          (emailKey !== null && normalizeEmail(typeof row.email === "string" ? row.email : null) === emailKey),
      )
      .map((row) => ({ importId: run.id, fileName: run.fileName, status: run.status, createdAt: run.createdAt.toISOString(), row })),
  );
}

/** Deliveries about the customer that still hold their payload (applied ones keep none). */
async function waitingDeliveriesOf(db: TallyDatabase, shop: string, customerId: string, emailKey: string | null) {
  const rows = await db.read.webhookDelivery.findMany({
    where: { shop, payload: { contains: customerId } },
    select: { id: true, topic: true, status: true, receivedAt: true, payload: true },
    orderBy: { receivedAt: "asc" },
  });
  return rows
    .map((row) => ({ ...row, payload: parseJson(row.payload) }))
    .filter((row) => withoutCustomer(row.topic, row.payload, { id: customerId, emailKey }, []) !== "unchanged")
    .map((row) => ({ id: row.id, topic: row.topic, status: row.status, receivedAt: row.receivedAt.toISOString(), payload: row.payload }));
}

export async function recordCustomerDataRequest(db: TallyDatabase, shop: string, request: CustomersDataRequest, now: Date): Promise<{ id: string; found: boolean }> {
  const customerId = request.customer.id;
  const member = await findMember(db, shop, customerId);
  const memberId = member?.id ?? null;
  const emailKey = normalizeEmail(request.customer.email ?? member?.email);
  const [orders, referralsMade, referralsReceived, rewardCodes, tierRewards, staffActions, importRows, waitingDeliveries, emails, emailUnsubscribes] = await Promise.all([
    ordersOf(db, shop, customerId, memberId, request.orders_requested),
    memberId ? db.read.referral.findMany({ where: { shop, advocateMemberId: memberId }, select: referralFields, orderBy: { createdAt: "asc" } }) : [],
    db.read.referral.findMany({ where: { shop, friendCustomerId: customerId }, select: referralFields, orderBy: { createdAt: "asc" } }),
    memberId ? db.read.redemption.findMany({ where: { memberId }, orderBy: { createdAt: "asc" } }) : [],
    memberId ? db.read.tierRewardGrant.findMany({ where: { memberId }, orderBy: { createdAt: "asc" } }) : [],
    memberId ? db.read.auditEvent.findMany({ where: { shop, subjectId: memberId }, orderBy: { createdAt: "asc" } }) : [],
    importRowsOf(db, shop, customerId, memberId, emailKey),
    waitingDeliveriesOf(db, shop, customerId, emailKey),
    // Emails to the member and the invitations they sent (a friend's address is not kept once it went).
    memberId ? db.read.memberEmail.findMany({ where: { shop, memberId }, orderBy: { createdAt: "asc" } }) : [],
    memberId ? db.read.emailOptOut.findMany({ where: { memberId }, orderBy: { createdAt: "asc" } }) : [],
  ]);
  const data = {
    format: DATA_EXPORT_FORMAT,
    shop,
    customerId,
    shopifyDataRequestId: request.data_request.id,
    ordersRequested: request.orders_requested,
    generatedAt: now.toISOString(),
    member: member ? memberProfile(member) : null,
    orders,
    referralsMade: referralsMade.map(referralView),
    referralsReceived: referralsReceived.map(referralView),
    rewardCodes: rewardCodes.map((redemption) => ({
      code: redemption.code,
      points: redemption.points,
      status: redemption.status,
      reward: parseJson(redemption.reward),
      expiresAt: redemption.expiresAt.toISOString(),
      orderId: redemption.orderId,
      createdAt: redemption.createdAt.toISOString(),
    })),
    // Catalogue rewards given for reaching a tier (docs/decisions/050-tier-entry-rewards-and-grace.md).
    tierRewards: tierRewards.map((grant) => ({
      tier: grant.tierKey,
      code: grant.code,
      status: grant.status,
      reward: parseJson(grant.reward),
      expiresAt: iso(grant.expiresAt),
      issuedAt: iso(grant.issuedAt),
      createdAt: grant.createdAt.toISOString(),
    })),
    staffActions: staffActions.map((event) => ({ action: event.action, by: event.actorName, details: parseJson(event.details), at: event.createdAt.toISOString() })),
    importRows,
    waitingDeliveries,
    emails: emails.map((email) => ({
      kind: email.kind,
      status: email.status,
      locale: email.locale,
      about: parseJson(email.data),
      toAddress: email.toAddress,
      createdAt: email.createdAt.toISOString(),
      sentAt: iso(email.sentAt),
    })),
    emailUnsubscribes: emailUnsubscribes.map((optOut) => ({ kind: optOut.kind, at: optOut.createdAt.toISOString() })),
  };
  const id = randomUUID();
  await storeDataRequest(db, { id, shop, customerId, export: JSON.stringify(data, null, 2), requestedAt: now });
  return { id, found: member !== null };
}
