// A member's page through the built app: balances, tier, the points history with the orders it came from, the
// referrals on both sides, and the manual adjustment form (written once per form, refused when it would
// overdraw, a field error when the reason is missing, audited).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/loyalty/audit/audit-log.server";
import { formatPoints } from "~/admin/format";
import { upsertMember } from "~/loyalty/members/member-store.server";
import { customerPayload, orderPayload } from "../fixtures/shopify-payloads";
import { decodeHtml, openDemoAdmin, type DemoAdmin } from "../support/demo-admin";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "member-detail.myshopify.com";
const OTHER_SHOP = "member-detail-other.myshopify.com";
const ADVOCATE = { id: 1, email: "maya.lopez@example.com", first_name: "Maya", last_name: "Lopez" };
const FRIEND = { id: 2, email: "sam.friend@example.com", first_name: "Sam", last_name: "Friend" };

function formKeyOf(html: string): string {
  const key = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(html)?.[1];
  if (!key) throw new Error("the page has no adjustment form key");
  return key;
}

describe.each(testDatabaseKinds())("member page on %s", (kind) => {
  let t: TestDatabase;
  let h: WebhookHarness;
  let staff: DemoAdmin;
  let advocateId: string;
  let friendId: string;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    h = await webhookHarness(t);
    staff = await openDemoAdmin(t.url, SHOP);
    await h.useProgram(SHOP, () => undefined);
    await h.send(SHOP, "customers/create", customerPayload(ADVOCATE));
    await h.work();
    const advocate = await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: "1" } } });
    advocateId = advocate.id;
    await h.send(SHOP, "orders/paid", orderPayload({ id: 501, customer: ADVOCATE, subtotal: "120.00" }));
    await h.send(SHOP, "orders/paid", orderPayload({ id: 502, customer: FRIEND, subtotal: "40.00", discountCodes: [advocate.referralCode ?? ""] }));
    await h.work();
    friendId = (await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: "2" } } })).id;
  });
  afterAll(() => t?.destroy());

  const page = async (memberId: string, query = "") => {
    const response = await staff.get(`/app/members/${memberId}${query}`);
    return { status: response.status, html: decodeHtml(await response.text()) };
  };
  const adjustments = (memberId: string) => t.db.prisma.transfer.findMany({ where: { shop: SHOP, memberId, code: "ADJUSTMENT" }, orderBy: { createdAt: "asc" } });
  const audits = (memberId: string) => listAuditEvents(t.db.prisma, SHOP, { action: "member.adjusted", subjectId: memberId, limit: 100 });

  it("shows balances, tier progress and the history with the orders points came from", async () => {
    const balances = await h.balances(SHOP, 1);
    expect(balances).toMatchObject({ available: 100 + 120 + 500, lifetimeEarned: 720 });
    const { status, html } = await page(advocateId);
    expect(status).toBe(200);
    expect(html).toContain("Maya Lopez");
    expect(html).toContain("maya.lopez@example.com");
    expect(html).toContain(`>${formatPoints(720)}<`);
    expect(html).toContain("Tier: Member");
    expect(html).toContain("$380.00 more to reach Silver");
    const rows = html.split(/<tr\b/).slice(1);
    const purchase = rows.find((row) => row.includes(">Purchase<"));
    expect(purchase).toContain("Order 501");
    expect(purchase).toContain(">+120<");
    expect(rows.find((row) => row.includes(">Welcome bonus<"))).toContain(">+100<");
    const reward = rows.find((row) => row.includes(">Friend referred<"));
    expect(reward).toContain("Order 502");
    expect(reward).toContain(">+500<");
  });

  it("shows the referrals a member made and the one that brought a friend in", async () => {
    const advocatePage = (await page(advocateId)).html;
    const made = advocatePage.slice(advocatePage.indexOf("Friends this member referred"));
    expect(made).toContain(`href="/app/members/${friendId}"`);
    expect(made).toContain("Sam Friend");
    expect(made).toContain("Rewarded");
    const friendPage = (await page(friendId)).html;
    expect(friendPage).toContain("This member has not referred anyone yet.");
    const referredBy = friendPage.slice(friendPage.indexOf("Referred by"));
    expect(referredBy).toContain(`href="/app/members/${advocateId}"`);
    expect(referredBy).toContain("Maya Lopez");
  });

  it("records an adjustment as one ADJUSTMENT transfer by the staff member, with the reason, and audits it", async () => {
    const before = (await h.balances(SHOP, 1))?.available ?? 0;
    const formKey = formKeyOf((await page(advocateId)).html);
    const response = await staff.post(`/app/members/${advocateId}`, { points: "50", reason: "Birthday gift", idempotencyKey: formKey });
    expect(response.status).toBe(200);
    expect(decodeHtml(await response.text())).toContain("Adjustment recorded: +50 points.");
    const written = await adjustments(advocateId);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ points: 50, status: "posted", actor: "Demo staff", memo: "Birthday gift", idempotencyKey: `adjustment:${formKey}` });
    expect((await h.balances(SHOP, 1))?.available).toBe(before + 50);
    const events = await audits(advocateId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: "demo", actorName: "Demo staff", subjectId: advocateId, details: { points: 50, reason: "Birthday gift", transferId: written[0]?.id } });
    const history = (await page(advocateId)).html.split(/<tr\b/).find((row) => row.includes(">Adjustment<"));
    expect(history).toContain("Birthday gift");
    expect(history).toContain("Demo staff");
  });

  it("writes once when the same form is submitted twice, even at the same moment", async () => {
    const before = (await adjustments(advocateId)).length;
    const available = (await h.balances(SHOP, 1))?.available ?? 0;
    const form = { points: "-30", reason: "Duplicate order points", idempotencyKey: formKeyOf((await page(advocateId)).html) };
    const responses = await Promise.all([staff.post(`/app/members/${advocateId}`, form), staff.post(`/app/members/${advocateId}`, form)]);
    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    expect(await staff.post(`/app/members/${advocateId}`, form).then((response) => response.status)).toBe(200);
    expect(await adjustments(advocateId)).toHaveLength(before + 1);
    expect((await h.balances(SHOP, 1))?.available).toBe(available - 30);
    expect((await audits(advocateId)).filter((event) => event.details.reason === "Duplicate order points")).toHaveLength(1);
    // A fresh rendering of the page hands out a fresh key.
    expect(formKeyOf((await page(advocateId)).html)).not.toBe(form.idempotencyKey);
  });

  it.each([
    [{ points: "25", reason: "  " }, "Enter a reason for the adjustment."],
    [{ points: "25" }, "Enter a reason for the adjustment."],
    [{ points: "", reason: "Gift" }, "Enter a number of points."],
    [{ points: "12.5", reason: "Gift" }, "Points must be a whole number, such as 50 or -50."],
    [{ points: "lots", reason: "Gift" }, "Points must be a whole number, such as 50 or -50."],
    [{ points: "0", reason: "Gift" }, "Enter a number of points other than 0."],
    [{ points: "2000000", reason: "Gift" }, "An adjustment can be at most 1,000,000 points either way."],
    [{ points: "10", reason: "x".repeat(201) }, "Keep the reason under 200 characters."],
  ])("refuses %o with a message next to the field, writing nothing", async (fields, message) => {
    const before = { transfers: (await adjustments(advocateId)).length, audits: (await audits(advocateId)).length };
    const response = await staff.post(`/app/members/${advocateId}`, { ...fields, idempotencyKey: randomUUID() } as Record<string, string>);
    expect(response.status).toBe(400);
    const html = decodeHtml(await response.text());
    expect(html).toContain(message);
    // Polaris renders a field's error in the field's own error slot, tied to the input by aria-describedby.
    expect(html).toMatch(/id="[^"]+Error"/);
    expect((await adjustments(advocateId)).length).toBe(before.transfers);
    expect((await audits(advocateId)).length).toBe(before.audits);
  });

  it("refuses an adjustment that would take available points below zero, and allows exactly all of them", async () => {
    const available = (await h.balances(SHOP, 2))?.available ?? 0;
    expect(available).toBeGreaterThan(0);
    const before = (await adjustments(friendId)).length;
    const overdraw = await staff.post(`/app/members/${friendId}`, { points: String(-(available + 1)), reason: "Fraud", idempotencyKey: randomUUID() });
    expect(overdraw.status).toBe(409);
    expect(decodeHtml(await overdraw.text())).toContain(`This member has ${formatPoints(available)} points available, so ${formatPoints(available + 1)} cannot be taken away.`);
    expect(await adjustments(friendId)).toHaveLength(before);
    expect(await audits(friendId)).toHaveLength(0);
    const all = await staff.post(`/app/members/${friendId}`, { points: String(-available), reason: "Fraud", idempotencyKey: randomUUID() });
    expect(all.status).toBe(200);
    expect((await h.balances(SHOP, 2))?.available).toBe(0);
  });

  it("refuses a form whose key is not one the page made", async () => {
    const response = await staff.post(`/app/members/${advocateId}`, { points: "5", reason: "Gift", idempotencyKey: "not-a-key" });
    expect(response.status).toBe(400);
    expect(decodeHtml(await response.text())).toContain("This form is out of date. Reload the page and try again.");
  });

  it("answers 404 for a member that does not exist or belongs to another shop, and writes nothing there", async () => {
    const other = await upsertMember(t.db.prisma, { shop: OTHER_SHOP, customerId: "1", email: "other@example.com", firstName: "Olga", lastName: "Other" }, "member");
    for (const id of [randomUUID(), other.id, "x".repeat(200)]) {
      const response = await staff.get(`/app/members/${id}`);
      expect(response.status, id).toBe(404);
      expect(decodeHtml(await response.text())).not.toContain("Olga");
    }
    const post = await staff.post(`/app/members/${other.id}`, { points: "100", reason: "Gift", idempotencyKey: randomUUID() });
    expect(post.status).toBe(404);
    expect(await t.db.prisma.transfer.count({ where: { memberId: other.id } })).toBe(0);
    expect(await t.db.prisma.auditEvent.count({ where: { subjectId: other.id } })).toBe(0);
  });

  it("pages through a long history, newest first", async () => {
    const member = await upsertMember(t.db.prisma, { shop: SHOP, customerId: "30", email: "long@example.com", firstName: "Long", lastName: "History" }, "member");
    for (let n = 1; n <= 30; n++) {
      const outcome = await t.db.ledger.recordTransfer({ shop: SHOP, memberId: member.id, code: "PURCHASE", points: n, status: "posted", orderId: String(9000 + n), idempotencyKey: `long:${n}` });
      expect(outcome.ok).toBe(true);
    }
    const first = await page(member.id);
    expect(first.html).toContain("Page 1 of 2 · 30 entries");
    const orders = (html: string) => [...html.matchAll(/Order (90\d\d)/g)].map((match) => Number(match[1]));
    expect(orders(first.html)).toHaveLength(25);
    const second = await page(member.id, "?page=2");
    expect(orders(second.html)).toHaveLength(5);
    expect(new Set([...orders(first.html), ...orders(second.html)]).size).toBe(30);
    expect((await page(member.id, "?page=zero")).status).toBe(400);
  });
});
