// The Referrals page through the built app: every referral with its status and reason, approve and reject by
// hand (audited, idempotent), and the job that pays rewards after the pending window respecting what staff
// decided.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/loyalty/audit/audit-log.server";
import { decideReferral } from "~/loyalty/referrals/referral-decisions.server";
import { runDueJobs } from "~/jobs/job-runner.server";
import { customerPayload, orderPayload, refundPayload } from "../fixtures/shopify-payloads";
import { decodeHtml, openDemoAdmin, type DemoAdmin } from "../support/demo-admin";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "referrals-admin.myshopify.com";
const OTHER_SHOP = "referrals-admin-other.myshopify.com";
const ADVOCATE = { id: 1, email: "ann.lee@example.com", first_name: "Ann", last_name: "Lee" };
const DAY = 86_400_000;
const noDiscounts = { deactivateDiscount: async () => undefined };

describe.each(testDatabaseKinds())("referrals page on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;
  let staff: DemoAdmin;
  let code: string;
  let advocateId: string;
  const paidAt = new Date();

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    staff = await openDemoAdmin(t.url, SHOP);
    await h.useProgram(SHOP, (rules) => {
      rules.earn.pendingDays = 7;
    });
    await h.send(SHOP, "customers/create", customerPayload(ADVOCATE));
    await h.work();
    const advocate = await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: "1" } } });
    code = advocate.referralCode ?? "";
    advocateId = advocate.id;
    const friendOrder = (id: number, customer: { id: number; email: string; first_name?: string; last_name?: string }, at = paidAt) =>
      orderPayload({ id, customer, subtotal: "30.00", discountCodes: [code], processedAt: at.toISOString() });
    const friend = (id: number) => ({ id: id + 1000, email: `friend${id}@example.com`, first_name: "Friend", last_name: String(id) });
    for (const id of [601, 602, 604, 605]) await h.send(SHOP, "orders/paid", friendOrder(id, friend(id)));
    // Paid later: still pending when the others fall due.
    await h.send(SHOP, "orders/paid", friendOrder(606, friend(606), new Date(paidAt.getTime() + 10 * DAY)));
    // The advocate using their own code: rejected automatically as a self-referral.
    await h.send(SHOP, "orders/paid", friendOrder(603, ADVOCATE));
    await h.work();
    await h.send(SHOP, "refunds/create", refundPayload({ id: 6051, orderId: 605, lines: [{ subtotal: "30.00" }] }));
    await h.work();
  });
  afterAll(() => t?.destroy());

  const referral = (orderId: number) => t.db.prisma.referral.findUniqueOrThrow({ where: { shop_orderId: { shop: SHOP, orderId: String(orderId) } } });
  const rewardsFor = (orderId: number) =>
    t.db.prisma.transfer.findMany({ where: { shop: SHOP, memberId: advocateId, orderId: String(orderId), code: { in: ["REFERRAL_ADVOCATE", "ADJUSTMENT"] } } });
  const netReward = async (orderId: number) => (await rewardsFor(orderId)).reduce((sum, transfer) => sum + transfer.points, 0);
  const audits = (action: "referral.approved" | "referral.rejected", subjectId: string) => listAuditEvents(t.db.prisma, SHOP, { action, subjectId, limit: 10 });
  const decide = async (orderId: number, intent: string) => {
    const response = await staff.post("/app/referrals", { intent, referralId: (await referral(orderId)).id });
    return { status: response.status, html: decodeHtml(await response.text()) };
  };
  const rowOf = (html: string, orderId: number) => html.split(/<tr\b/).find((row) => row.includes(`Order ${orderId}<`)) ?? "";

  it("lists every referral with the advocate, the friend's order, the code, the status and the reason in plain words", async () => {
    expect((await referral(603)).status).toBe("rejected");
    expect((await referral(605)).status).toBe("cancelled");
    const response = await staff.get("/app/referrals");
    expect(response.status).toBe(200);
    const html = decodeHtml(await response.text());
    expect(html).toContain("Page 1 of 1 · 6 referrals");
    const pending = rowOf(html, 601);
    expect(pending).toContain(`href="/app/members/${advocateId}"`);
    expect(pending).toContain("Ann Lee");
    expect(pending).toContain("Friend 601");
    expect(pending).toContain(code);
    expect(pending).toContain("Waiting");
    expect(pending).toContain("Decided automatically");
    expect(rowOf(html, 603)).toContain("The friend is the referring member");
    expect(rowOf(html, 605)).toContain("The friend's order was refunded");
    // A cancelled referral offers no decision; the others do.
    expect(rowOf(html, 605)).not.toContain('name="intent"');
    expect(rowOf(html, 601)).toContain('value="approve"');
    expect(rowOf(html, 601)).toContain('value="reject"');
  });

  it("filters by status and refuses a status that does not exist", async () => {
    const html = decodeHtml(await (await staff.get("/app/referrals?status=rejected")).text());
    expect(html).toContain("Page 1 of 1 · 1 referrals");
    expect(rowOf(html, 603)).not.toBe("");
    expect(rowOf(html, 601)).toBe("");
    const bad = await staff.get("/app/referrals?status=paid");
    expect(bad.status).toBe(400);
    expect(decodeHtml(await bad.text())).toContain("Choose a status: pending, rewarded, rejected or cancelled.");
    expect((await staff.get("/app/referrals?page=-1")).status).toBe(400);
  });

  it("rejecting a pending referral by hand stops its reward, and the job and later webhooks leave it rejected", async () => {
    const { status, html } = await decide(601, "reject");
    expect(status).toBe(200);
    expect(html).toContain("Referral rejected. Its reward will not be paid.");
    const rejected = await referral(601);
    expect(rejected).toMatchObject({ status: "rejected", reason: "manual", decidedBy: "Demo staff" });
    expect(rejected.decidedAt).toBeInstanceOf(Date);
    const events = await audits("referral.rejected", rejected.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: "demo", actorName: "Demo staff", details: { orderId: "601", previousStatus: "pending", reversedPoints: 0 } });
    expect(rowOf(decodeHtml(await (await staff.get("/app/referrals")).text()), 601)).toContain("Rejected by staff");

    // Approving another pending one pays it now, before its window ends.
    expect((await decide(604, "approve")).html).toContain("Referral approved. The referring member received 500 points.");
    expect(await referral(604)).toMatchObject({ status: "rewarded", decidedBy: "Demo staff" });

    await runDueJobs(t.db, new Date(paidAt.getTime() + 8 * DAY), noDiscounts);
    await h.send(SHOP, "orders/paid", orderPayload({ id: 601, customer: { id: 1601, email: "friend601@example.com" }, subtotal: "30.00", discountCodes: [code], processedAt: paidAt.toISOString() }));
    await h.work(new Date(paidAt.getTime() + 8 * DAY));
    expect(await referral(601)).toMatchObject({ status: "rejected", reason: "manual" });
    expect(await rewardsFor(601)).toHaveLength(0);
    // The job paid the one nobody decided, and did not pay the approved one a second time.
    expect(await referral(602)).toMatchObject({ status: "rewarded", decidedBy: null });
    expect(await netReward(602)).toBe(500);
    expect(await rewardsFor(604)).toHaveLength(1);
  });

  it("approving a rejected referral rewards the advocate as the job would, once however often it is sent", async () => {
    const before = (await h.balances(SHOP, 1))?.available ?? 0;
    const first = await decide(603, "approve");
    expect(first.status).toBe(200);
    expect(first.html).toContain("Referral approved. The referring member received 500 points.");
    const rewards = await rewardsFor(603);
    expect(rewards).toHaveLength(1);
    expect(rewards[0]).toMatchObject({ code: "REFERRAL_ADVOCATE", points: 500, status: "posted", idempotencyKey: "referral:603:advocate" });
    expect((await h.balances(SHOP, 1))?.available).toBe(before + 500);
    const approved = await referral(603);
    expect(approved).toMatchObject({ status: "rewarded", reason: null, decidedBy: "Demo staff" });
    const again = await Promise.all([decide(603, "approve"), decide(603, "approve")]);
    expect(again.map((response) => response.status)).toEqual([200, 200]);
    expect(again[0]?.html).toContain("This referral is already rewarded; nothing changed.");
    expect(await rewardsFor(603)).toHaveLength(1);
    const events = await audits("referral.approved", approved.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorName: "Demo staff", details: { previousStatus: "rejected", previousReason: "self_referral", points: 500, transferId: rewards[0]?.id } });
  });

  it("rejecting a rewarded referral takes the reward back once, and it cannot be approved again", async () => {
    const before = (await h.balances(SHOP, 1))?.available ?? 0;
    const { status, html } = await decide(602, "reject");
    expect(status).toBe(200);
    expect(html).toContain("Referral rejected, and the 500 reward points were taken back.");
    const entries = await rewardsFor(602);
    const reward = entries.find((transfer) => transfer.code === "REFERRAL_ADVOCATE");
    expect(entries.find((transfer) => transfer.code === "ADJUSTMENT")).toMatchObject({ points: -500, reversesId: reward?.id, actor: "Demo staff" });
    expect(await netReward(602)).toBe(0);
    expect((await h.balances(SHOP, 1))?.available).toBe(before - 500);
    expect(await referral(602)).toMatchObject({ status: "rejected", reason: "manual" });
    expect((await audits("referral.rejected", (await referral(602)).id))[0]?.details).toMatchObject({ previousStatus: "rewarded", reversedPoints: 500 });

    expect((await decide(602, "reject")).html).toContain("This referral is already rejected; nothing changed.");
    const approve = await decide(602, "approve");
    expect(approve.status).toBe(409);
    expect(approve.html).toContain("cannot be approved");
    expect(await rewardsFor(602)).toHaveLength(2);
    expect(await netReward(602)).toBe(0);
  });

  it("leaves a cancelled referral as it is", async () => {
    for (const intent of ["approve", "reject"]) {
      const { status } = await decide(605, intent);
      expect(status).toBe(409);
    }
    expect(await referral(605)).toMatchObject({ status: "cancelled", decidedBy: null });
    expect(await rewardsFor(605)).toHaveLength(0);
  });

  it("ends with no reward when a rejection and the job run at the same moment", async () => {
    const due = new Date(paidAt.getTime() + 18 * DAY);
    // Another handle on the database for the job, as a separate `npm run jobs` process would have.
    const jobs = t.open();
    const target = await referral(606);
    expect(target.status).toBe("pending");
    const staffMember = { id: "demo", name: "Demo staff" };
    await Promise.all([runDueJobs(jobs, due, noDiscounts), decideReferral(t.db, { shop: SHOP, referralId: target.id, decision: "reject", staff: staffMember }, due)]);
    expect(await referral(606)).toMatchObject({ status: "rejected", reason: "manual" });
    expect(await netReward(606)).toBe(0);
    await runDueJobs(jobs, new Date(due.getTime() + DAY), noDiscounts);
    expect(await netReward(606)).toBe(0);
  });

  it("pages by fifty, newest first, keeping the status filter in the page links", async () => {
    const busy = "referrals-admin-busy.myshopify.com";
    const busyStaff = await openDemoAdmin(t.url, busy);
    await h.useProgram(busy, () => undefined);
    await h.send(busy, "customers/create", customerPayload(ADVOCATE));
    await h.work();
    const busyCode = (await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: busy, customerId: "1" } } })).referralCode ?? "";
    for (let n = 1; n <= 52; n++) {
      const at = new Date(Date.UTC(2026, 9, 1) + n * 60_000).toISOString();
      await h.send(busy, "orders/paid", orderPayload({ id: 7000 + n, customer: { id: 7000 + n, email: `busy${n}@example.com` }, subtotal: "10.00", discountCodes: [busyCode], processedAt: at }));
    }
    await h.work();
    const orders = (html: string) => [...html.matchAll(/Order (70\d\d)</g)].map((match) => Number(match[1]));
    const first = decodeHtml(await (await busyStaff.get("/app/referrals?status=rewarded")).text());
    expect(first).toContain("Page 1 of 2 · 52 referrals");
    expect(first).toContain('href="/app/referrals?status=rewarded&page=2"');
    const second = decodeHtml(await (await busyStaff.get("/app/referrals?status=rewarded&page=2")).text());
    const all = [...orders(first), ...orders(second)];
    expect(orders(first)).toHaveLength(50);
    const newestFirst = await t.db.prisma.referral.findMany({ where: { shop: busy }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { orderId: true } });
    expect(all).toEqual(newestFirst.map((row) => Number(row.orderId)));
    expect(new Set(all).size).toBe(52);
  });

  it("answers 404 for another shop's referral and 400 for an unknown decision", async () => {
    const otherAdvocate = await t.db.prisma.member.create({
      data: { id: "other-advocate", shop: OTHER_SHOP, customerId: "1", tier: "member", referralCode: "OTHER-2345" },
    });
    const now = new Date();
    const other = await t.db.prisma.referral.create({
      data: { id: "other-referral", shop: OTHER_SHOP, advocateMemberId: otherAdvocate.id, orderId: "900", code: "OTHER-2345", status: "rejected", reason: "same_email", createdAt: now, updatedAt: now },
    });
    const response = await staff.post("/app/referrals", { intent: "approve", referralId: other.id });
    expect(response.status).toBe(404);
    expect(await t.db.prisma.referral.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ status: "rejected", decidedBy: null });
    expect(await t.db.prisma.transfer.count({ where: { shop: OTHER_SHOP } })).toBe(0);
    const bad = await staff.post("/app/referrals", { intent: "delete", referralId: (await referral(601)).id });
    expect(bad.status).toBe(400);
    expect(decodeHtml(await bad.text())).toContain("Choose approve or reject for a referral.");
  });
});
