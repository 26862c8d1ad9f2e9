// Staff take a member out of the program from the member's page, with a reason in the activity log, and bring them
// back (docs/decisions/041-the-program-fits-the-shop.md): through the built app's admin route and signed webhooks,
// against a real SMTP server. While out, the member's orders earn nothing and no email goes to them, not even one
// queued before; their points stay; back in, the next order earns and is told.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs, type JobDependencies } from "~/jobs/job-runner.server";
import { listAuditEvents } from "~/loyalty/audit/audit-log.server";
import { renderMemberEmail } from "~/shopper/member-email-messages";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { customerPayload, orderPayload } from "../fixtures/shopify-payloads";
import { decodeHtml, openDemoAdmin, type DemoAdmin } from "../support/demo-admin";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { installShop } from "../support/webhook-harness";

const SHOP = "member-exclusion.myshopify.com";
const sending = { appSecret: TEST_API_SECRET, appUrl: "http://localhost", outbox: false, render: renderMemberEmail, policy: { allowLoopback: true } };
const jobs: JobDependencies = { deactivateDiscount: async () => undefined, emailSending: sending };
/** The same jobs with nothing sent: emails are queued and wait. */
const queueOnly: JobDependencies = { deactivateDiscount: async () => undefined };
const STAFF_MEMBER = { id: 1, email: "ines.staff@example.com", first_name: "Ines" };
const SHOPPER = { id: 2, email: "olu.shopper@example.com", first_name: "Olu" };

describe.each(testDatabaseKinds())("excluding a member on %s", (kind) => {
  let t: TestDatabase;
  let admin: DemoAdmin;
  let smtp: SmtpReceiver;
  let webhookId = 0;
  let memberId = "";
  let paidWhileOut: ReturnType<typeof orderPayload>;

  const send = async (topic: string, payload: unknown) => {
    const response = await admin.app(signedWebhook(`/webhooks/${topic}`, topic, payload, { shop: SHOP, webhookId: `ex-${++webhookId}` }));
    expect(response.status).toBe(200);
  };
  const settle = async (dependencies = jobs) => {
    const now = new Date();
    await processDueDeliveries(t.db, () => now);
    await runDueJobs(t.db, now, dependencies);
  };
  const purchases = (customerId: string) =>
    t.db.prisma.transfer.aggregate({ where: { shop: SHOP, member: { customerId }, code: "PURCHASE" }, _sum: { points: true } }).then((sum) => sum._sum.points ?? 0);
  const audits = (action: "member.excluded" | "member.included") => listAuditEvents(t.db.prisma, SHOP, { action, subjectId: memberId, limit: 10 });
  const exclusion = (body: Record<string, string>) => admin.post(`/app/members/${memberId}`, body);

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    smtp = await startSmtpReceiver();
    process.env.TALLY_WEBHOOKS_ALLOW_LOOPBACK = "1";
    process.env.TALLY_EMAIL_DELIVERY = "smtp";
    admin = await openDemoAdmin(t.url, SHOP);
    await installShop(t, SHOP);
    const saved = new URLSearchParams({
      intent: "save", brandColor: "#aa3300", fallbackLocale: "en", withinReachPoints: "100", expiryNoticeDays: "14", smtpHost: "127.0.0.1",
      smtpPort: String(smtp.port), smtpSecurity: "none", smtpUser: smtp.user, smtpPassword: smtp.password, fromAddress: "rewards@member-exclusion.example",
    });
    saved.append("enabled", "points_earned");
    expect((await admin.post("/app/emails", saved)).status).toBe(200);
    await send("customers/create", customerPayload(STAFF_MEMBER));
    await send("customers/create", customerPayload(SHOPPER));
    await settle();
    memberId = (await t.db.prisma.member.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: "1" } } })).id;
  });
  afterAll(async () => {
    delete process.env.TALLY_WEBHOOKS_ALLOW_LOOPBACK;
    delete process.env.TALLY_EMAIL_DELIVERY;
    await smtp?.close();
    await t?.destroy();
  });

  it("edits shipping, excluded tags and the pause on the Program page, validated and audited", async () => {
    const tooLong = await admin.post("/app/program", { "exclusions.customerTags": `staff, ${"x".repeat(256)}` });
    expect(tooLong.status).toBe(422);
    expect(decodeHtml(await tooLong.text())).toContain("Use at most 255 characters.");
    const saved = await admin.post("/app/program", { "exclusions.customerTags": "Staff, wholesale, staff", "earn.includeShipping": "true", paused: "true" });
    expect(saved.status).toBe(200);
    const rules = JSON.parse((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules) as Record<string, unknown>;
    expect(rules).toMatchObject({ exclusions: { customerTags: ["Staff", "wholesale"] }, earn: { includeShipping: true }, paused: true, pauses: [{ to: null }] });
    const [audit] = await listAuditEvents(t.db.prisma, SHOP, { action: "program.updated", limit: 1 });
    expect((audit?.details.changes as { path: string }[]).map((change) => change.path).sort()).toEqual(["earn.includeShipping", "exclusions.customerTags", "paused"]);
    const page = decodeHtml(await (await admin.get("/app/program")).text());
    expect(page).toContain("Customers with these tags are not in the program");
    // Back as it was for the tests below: resumed, no tags, shipping out; the pause stays on record.
    expect((await admin.post("/app/program", { "exclusions.customerTags": "", "earn.includeShipping": "false", paused: "false" })).status).toBe(200);
    const resumed = JSON.parse((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules) as { paused?: boolean; pauses: { to: string | null }[] };
    expect(resumed.paused).toBeUndefined();
    expect(resumed.pauses).toHaveLength(1);
    expect(resumed.pauses[0]?.to).not.toBeNull();
  });

  it("refuses an exclusion without a reason and records nothing", async () => {
    const response = await exclusion({ intent: "exclude", reason: "  " });
    expect(response.status).toBe(400);
    expect(decodeHtml(await response.text())).toContain("Enter a reason.");
    expect((await exclusion({ intent: "banish", reason: "x" })).status).toBe(400);
    expect(await audits("member.excluded")).toHaveLength(0);
    expect((await t.db.prisma.member.findUniqueOrThrow({ where: { id: memberId } })).excludedAt).toBeNull();
  });

  it("sends no email to a member excluded after it was queued, and their next order earns nothing", async () => {
    await send("orders/paid", orderPayload({ id: 7001, customer: STAFF_MEMBER, subtotal: "80.00" }));
    await send("orders/paid", orderPayload({ id: 7002, customer: SHOPPER, subtotal: "30.00" }));
    // Points earned and their emails queued, not sent yet.
    await settle(queueOnly);
    expect(await purchases("1")).toBe(80);
    const before = await t.db.prisma.balance.findFirstOrThrow({ where: { memberId } });

    const response = await exclusion({ intent: "exclude", reason: "Staff account (Ines works in the shop)" });
    paidWhileOut = orderPayload({ id: 7003, customer: STAFF_MEMBER, subtotal: "45.00", processedAt: new Date().toISOString() });
    expect(response.status).toBe(200);
    const [excluded, ...more] = await audits("member.excluded");
    expect(more).toHaveLength(0);
    expect(excluded?.details).toMatchObject({ reason: "Staff account (Ines works in the shop)" });
    const page = decodeHtml(await (await admin.get(`/app/members/${memberId}`)).text());
    expect(page).toContain("Excluded by staff on");
    expect(page).toContain("Bring back into the program");
    // A second exclusion, from a page opened before the first, changes and records nothing.
    expect((await exclusion({ intent: "exclude", reason: "again" })).status).toBe(409);
    expect(await audits("member.excluded")).toHaveLength(1);

    await settle();
    expect(smtp.to(SHOPPER.email).map((email) => email.headers.get("x-tally-email"))).toEqual(["points_earned"]);
    expect(smtp.to(STAFF_MEMBER.email)).toHaveLength(0);
    const skipped = await t.db.prisma.memberEmail.findMany({ where: { shop: SHOP, memberId } });
    expect(skipped.map((email) => email.status)).toEqual(["skipped"]);

    await send("orders/paid", paidWhileOut);
    await settle();
    expect(await purchases("1")).toBe(80);
    // Nothing taken: the points earned before stay.
    expect((await t.db.prisma.balance.findFirstOrThrow({ where: { memberId } })).available).toBe(before.available);
    expect(smtp.to(STAFF_MEMBER.email)).toHaveLength(0);
  });

  it("brings the member back with a reason: nothing lost, and the next order earns and is told", async () => {
    const available = (await t.db.prisma.balance.findFirstOrThrow({ where: { memberId } })).available;
    expect((await exclusion({ intent: "include", reason: "Left the company" })).status).toBe(200);
    expect((await audits("member.included")).map((event) => event.details)).toEqual([{ memberId, reason: "Left the company" }]);
    expect((await t.db.prisma.member.findUniqueOrThrow({ where: { id: memberId } })).excludedAt).toBeNull();
    expect((await t.db.prisma.balance.findFirstOrThrow({ where: { memberId } })).available).toBe(available);

    // The order paid while they were out stays without points, redelivered or not.
    await send("orders/paid", paidWhileOut);
    await send("orders/paid", orderPayload({ id: 7004, customer: STAFF_MEMBER, subtotal: "20.00", processedAt: new Date(Date.now() + 1000).toISOString() }));
    await settle();
    expect(await purchases("1")).toBe(100);
    expect(smtp.to(STAFF_MEMBER.email).map((email) => email.headers.get("x-tally-email"))).toEqual(["points_earned"]);
  });
});
