// Member emails end to end, on SQLite and PostgreSQL, against a real SMTP server the test starts: the SMTP server
// and switches set on the Emails page of the built app (password sealed, never shown back) and its test send;
// signed Shopify webhooks settle, the job runner turns the loyalty events and scans into queued emails and sends
// them, in the member's language with the shop's name and colour and a one-click unsubscribe; each of the six
// kinds, redelivery, retries after an SMTP failure, unsubscribes, the merchant's switch, redaction, and the
// widget's invitations through the signed app proxy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs, type JobDependencies } from "~/jobs/job-runner.server";
import { spellExpiresAt } from "~/loyalty/expiry/expiry-clock";
import { parseProgramRules } from "~/loyalty/program/program-rules";
import { setProgramRules } from "~/loyalty/program/shop-store.server";
import { renderMemberEmail } from "~/shopper/member-email-messages";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { customerPayload, orderPayload } from "../fixtures/shopify-payloads";
import { openDemoAdmin, renderedMarkup, type DemoAdmin } from "../support/demo-admin";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { BROWSER_USER_AGENT, proxyRequest } from "../support/shopper-requests";
import { startSmtpReceiver, type ReceivedEmail, type SmtpReceiver } from "../support/smtp-receiver";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { installShop } from "../support/webhook-harness";

const SHOP = "member-emails.myshopify.com";
const PAGE = "/app/emails";
const FROM = "rewards@member-emails.example";
const DAY = 24 * 60 * 60_000;
const sending = { appSecret: TEST_API_SECRET, appUrl: "http://localhost", outbox: false, render: renderMemberEmail, policy: { allowLoopback: true } };
const jobs: JobDependencies = { deactivateDiscount: async () => undefined, emailSending: sending };
/** The same jobs with nothing sent: emails are queued and wait. */
const queueOnly: JobDependencies = { deactivateDiscount: async () => undefined };

const kindOf = (email: ReceivedEmail) => email.headers.get("x-tally-email");

describe.each(testDatabaseKinds())("member emails on %s", (kind) => {
  let t: TestDatabase;
  let admin: DemoAdmin;
  let smtp: SmtpReceiver;
  let shopName = "";
  let webhookId = 0;

  const send = async (topic: string, payload: unknown, id = `em-${++webhookId}`, uri = `/webhooks/${topic}`) => {
    const response = await admin.app(signedWebhook(uri, topic, payload, { shop: SHOP, webhookId: id }));
    expect(response.status).toBe(200);
  };
  const settle = async (now = new Date(), dependencies = jobs) => {
    await processDueDeliveries(t.db, () => now);
    return runDueJobs(t.db, now, dependencies);
  };
  const customer = (id: number, email: string, locale: string | null, firstName = "Pat") =>
    send("customers/create", { ...customerPayload({ id, email, first_name: firstName, state: "disabled" }), locale });
  const settings = (overrides: Record<string, string | string[]> = {}) => {
    const body = new URLSearchParams({
      intent: "save",
      brandColor: "#aa3300",
      fallbackLocale: "en",
      withinReachPoints: "100",
      expiryNoticeDays: "14",
      smtpHost: "127.0.0.1",
      smtpPort: String(smtp.port),
      smtpSecurity: "none",
      smtpUser: smtp.user,
      smtpPassword: "",
      fromAddress: FROM,
    });
    const enabled = (overrides.enabled as string[] | undefined) ?? ["points_earned", "within_reach", "points_expiring", "tier_reached", "referral_rewarded", "friend_invite"];
    for (const [key, value] of Object.entries(overrides)) if (key !== "enabled") body.set(key, value as string);
    for (const item of enabled) body.append("enabled", item);
    return admin.post(PAGE, body);
  };
  const invite = (customerId: string, email: string) => {
    const signed = proxyRequest("invite", { shop: SHOP, customerId, extra: { locale: "en" } });
    return admin.app(new Request(signed.url, { method: "POST", body: JSON.stringify({ email }), headers: { "Content-Type": "application/json", "User-Agent": BROWSER_USER_AGENT } }));
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    smtp = await startSmtpReceiver();
    process.env.TALLY_WEBHOOKS_ALLOW_LOOPBACK = "1";
    process.env.TALLY_EMAIL_DELIVERY = "smtp";
    admin = await openDemoAdmin(t.url, SHOP);
    await installShop(t, SHOP);
    shopName = (await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).name;
    // The feed has looked at the shop once before anything happens, as the app's job does every minute.
    await settle();
  });
  afterAll(async () => {
    delete process.env.TALLY_WEBHOOKS_ALLOW_LOOPBACK;
    delete process.env.TALLY_EMAIL_DELIVERY;
    await smtp?.close();
    await t?.destroy();
  });

  it("saves the SMTP server on the Emails page, never showing the password back, and sends a test email", async () => {
    expect((await admin.post(PAGE, { intent: "test", to: "owner@member-emails.example", locale: "en" })).status).toBe(409);
    const saved = await settings({ smtpPassword: smtp.password });
    expect(saved.status).toBe(200);
    const page = await (await admin.get(PAGE)).text();
    expect(page).not.toContain(smtp.password);
    expect(JSON.stringify(await t.db.prisma.emailSettings.findMany())).not.toContain(smtp.password);
    expect(await t.db.prisma.auditEvent.count({ where: { shop: SHOP, action: "email_settings.updated" } })).toBe(1);
    expect(JSON.stringify(await t.db.prisma.auditEvent.findMany({ where: { shop: SHOP } }))).not.toContain(smtp.password);

    const tested = await admin.post(PAGE, { intent: "test", to: "owner@member-emails.example", locale: "de" });
    expect(tested.status).toBe(200);
    expect(renderedMarkup(await tested.text())).toContain("A test email went to owner@member-emails.example.");
    const [test, ...more] = smtp.to("owner@member-emails.example");
    expect(more).toHaveLength(0);
    expect(test?.subject).toBe(`Test-E-Mail von ${shopName}`);
    expect(test?.from).toBe(FROM);
    expect(test?.html).toContain("#aa3300");
    // A test is not a member's email: no unsubscribe.
    expect(test?.headers.has("list-unsubscribe")).toBe(false);

    // Saving again with the password left empty keeps it (the next tests send with it).
    expect((await settings()).status).toBe(200);
    expect((await t.db.prisma.emailSettings.findUniqueOrThrow({ where: { shop: SHOP } })).smtpPassword).not.toBeNull();
  });

  it.each([
    [{ smtpPort: "0" }, "Enter the SMTP port as a number from 1 to 65535."],
    [{ fromAddress: "not-an-address" }, "Enter the from address, such as rewards@yourshop.com."],
    [{ smtpHost: "smtp host with spaces" }, "Enter the SMTP host name, such as smtp.postmarkapp.com."],
    [{ brandColor: "red" }, "Enter the brand colour as # and six hex digits"],
    [{ withinReachPoints: "-5" }, "Enter the points short of a reward as a whole number from 1 to 100,000."],
    [{ enabled: ["points_vanished"] }, "The request could not be understood."],
  ])("refuses bad settings with a message and writes nothing: %j", async (overrides, message) => {
    const before = JSON.stringify(await t.db.prisma.emailSettings.findMany());
    const audit = await t.db.prisma.auditEvent.count();
    const response = await settings(overrides);
    expect(response.status).toBe(400);
    expect(renderedMarkup(await response.text())).toContain(message);
    expect(JSON.stringify(await t.db.prisma.emailSettings.findMany())).toBe(before);
    expect(await t.db.prisma.auditEvent.count()).toBe(audit);
  });

  it("sends one 'points earned' email in the member's language, with the shop's name and an unsubscribe header, however often the order arrives", async () => {
    await customer(1, "ann@example.com", "fr-FR", "Ann");
    await settle();
    const order = orderPayload({ id: 6001, customer: { id: 1, email: "ann@example.com", first_name: "Ann" }, subtotal: "40.00" });
    await send("orders/paid", order, "em-order-6001");
    await send("orders/paid", order, "em-order-6001");
    await send("orders/paid", order, "em-order-6001-again");
    await settle();
    await settle();

    const [earned, ...more] = smtp.to("ann@example.com").filter((email) => kindOf(email) === "points_earned");
    expect(more).toHaveLength(0);
    expect(earned?.subject).toBe(`Vous avez gagné 40 points chez ${shopName}`);
    expect(earned?.text).toContain("Bonjour Ann,");
    expect(earned?.text).toContain("Votre solde : 40 points.");
    expect(earned?.html).toContain(shopName);
    expect(earned?.html).toContain("#aa3300");
    expect(earned?.headers.get("list-unsubscribe")).toMatch(/^<http:\/\/localhost\/emails\/unsubscribe\?token=[\w.-]+>$/);
    expect(earned?.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const row = await t.db.prisma.memberEmail.findFirstOrThrow({ where: { shop: SHOP, kind: "points_earned" } });
    expect(row).toMatchObject({ status: "sent", attempts: 1, toAddress: null });
  });

  it("retries an email the SMTP server refused, and delivers it once later", async () => {
    await customer(2, "bob@example.com", "de");
    smtp.refuseNext(1);
    await send("orders/paid", orderPayload({ id: 6002, customer: { id: 2, email: "bob@example.com" }, subtotal: "20.00" }));
    await settle();
    expect(smtp.to("bob@example.com")).toHaveLength(0);
    const row = await t.db.prisma.memberEmail.findFirstOrThrow({ where: { shop: SHOP, kind: "points_earned", status: { not: "sent" } } });
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toContain("Try again later");
    const outbox = renderedMarkup(await (await admin.get(PAGE)).text());
    expect(outbox).toContain("Try again later");

    // Not before its time; then once.
    await settle(new Date());
    expect(smtp.to("bob@example.com")).toHaveLength(0);
    await settle(new Date(Date.now() + 61_000));
    await settle(new Date(Date.now() + 5 * 60_000));
    const received = smtp.to("bob@example.com");
    expect(received).toHaveLength(1);
    expect(received[0]?.subject).toBe(`Sie haben 20 Punkte bei ${shopName} gesammelt`);
    expect(await t.db.prisma.memberEmail.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("sends 'within reach' once per crossing, and 'tier reached' when a member goes up", async () => {
    await customer(3, "cy@example.com", null);
    // 450 points: 50 short of the 500-point reward, inside the 100-point margin.
    await send("orders/paid", orderPayload({ id: 6003, customer: { id: 3, email: "cy@example.com" }, subtotal: "450.00" }));
    await settle();
    // 460: still inside, no second email.
    await send("orders/paid", orderPayload({ id: 6004, customer: { id: 3, email: "cy@example.com" }, subtotal: "10.00" }));
    await settle();
    const reach = smtp.to("cy@example.com").filter((email) => kindOf(email) === "within_reach");
    expect(reach).toHaveLength(1);
    expect(reach[0]?.subject).toBe(`A reward is within reach at ${shopName}`);
    expect(reach[0]?.text).toMatch(/You are 50 points away from \S+5\.00 off\./);

    await customer(4, "dee@example.com", "es");
    // 600.00 crosses Silver (500.00 of spend).
    await send("orders/paid", orderPayload({ id: 6005, customer: { id: 4, email: "dee@example.com" }, subtotal: "600.00" }));
    await settle();
    await settle();
    const tier = smtp.to("dee@example.com").filter((email) => kindOf(email) === "tier_reached");
    expect(tier).toHaveLength(1);
    expect(tier[0]?.subject).toBe(`Bienvenido al nivel Silver en ${shopName}`);
  });

  it("sends 'referral reward earned' to the advocate when their friend's order pays", async () => {
    const code = (await t.db.prisma.member.findFirstOrThrow({ where: { shop: SHOP, customerId: "1" } })).referralCode as string;
    await send("orders/paid", orderPayload({ id: 6006, customer: { id: 5, email: "friend@example.org" }, subtotal: "30.00", discountCodes: [code] }));
    await settle();
    const rewarded = smtp.to("ann@example.com").filter((email) => kindOf(email) === "referral_rewarded");
    expect(rewarded).toHaveLength(1);
    expect(rewarded[0]?.subject).toBe("La commande de votre ami vous rapporte 500 points");
  });

  it("stops a kind of email for a member who used its one-click unsubscribe, and only that kind", async () => {
    const [earned] = smtp.to("ann@example.com").filter((email) => kindOf(email) === "points_earned");
    const link = /<([^>]+)>/.exec(earned?.headers.get("list-unsubscribe") ?? "")?.[1] as string;
    expect(link).toBeDefined();
    // Opening the link asks; it changes nothing by itself (mail scanners open links).
    const asked = await admin.app(new Request(link, { headers: { "Accept-Language": "fr" } }));
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("Se désabonner");
    expect(await t.db.prisma.emailOptOut.count()).toBe(0);
    // The mail client's one-click POST (RFC 8058).
    const done = await admin.app(new Request(link, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "Content-Type": "application/x-www-form-urlencoded" } }));
    expect(done.status).toBe(200);
    expect(await t.db.prisma.emailOptOut.count({ where: { kind: "points_earned" } })).toBe(1);
    const forged = await admin.app(new Request(link.replace(/token=(.)/, (_, first: string) => `token=${first === "A" ? "B" : "A"}`), { method: "POST" }));
    expect(forged.status).toBe(400);

    const before = smtp.to("ann@example.com").length;
    // 2000 points: no reward of the catalogue is within 100 of 2540, so no "within reach"; "points earned" would go
    // (and "tier reached": 2,040.00 of spend is Gold).
    await send("orders/paid", orderPayload({ id: 6007, customer: { id: 1, email: "ann@example.com", first_name: "Ann" }, subtotal: "2000.00" }));
    await settle();
    const after = smtp.to("ann@example.com").slice(before);
    expect(after.filter((email) => kindOf(email) === "points_earned")).toHaveLength(0);
    expect(await t.db.prisma.memberEmail.count({ where: { shop: SHOP, kind: "points_earned", status: "skipped", lastError: "The member unsubscribed from this email." } })).toBe(1);
  });

  it("sends nothing of a kind the merchant switched off", async () => {
    await customer(6, "eve@example.com", "en");
    expect((await settings({ enabled: ["within_reach", "points_expiring", "tier_reached", "referral_rewarded", "friend_invite"] })).status).toBe(200);
    await send("orders/paid", orderPayload({ id: 6008, customer: { id: 6, email: "eve@example.com" }, subtotal: "15.00" }));
    await settle();
    expect(smtp.to("eve@example.com")).toHaveLength(0);
    expect((await settings()).status).toBe(200);
  });

  it("sends nothing to a redacted customer, and erases what was queued for them", async () => {
    await customer(7, "fay@example.com", "en");
    await send("orders/paid", orderPayload({ id: 6009, customer: { id: 7, email: "fay@example.com" }, subtotal: "25.00" }));
    // Queued, not sent yet.
    await settle(new Date(), queueOnly);
    const member = await t.db.prisma.member.findFirstOrThrow({ where: { shop: SHOP, customerId: "7" } });
    expect(await t.db.prisma.memberEmail.count({ where: { memberId: member.id } })).toBe(1);
    await send("customers/redact", { shop_id: 1, shop_domain: SHOP, customer: { id: 7, email: "fay@example.com" }, orders_to_redact: [] }, undefined, "/webhooks/compliance");
    await settle();
    expect(smtp.to("fay@example.com")).toHaveLength(0);
    expect(await t.db.prisma.memberEmail.count({ where: { memberId: member.id } })).toBe(0);
    // A late order of theirs queues nothing either.
    await send("orders/paid", orderPayload({ id: 6010, customer: { id: 7, email: "fay@example.com" }, subtotal: "25.00" }));
    await settle();
    expect(smtp.to("fay@example.com")).toHaveLength(0);
    expect(await t.db.prisma.memberEmail.count({ where: { memberId: member.id } })).toBe(0);
  });

  it("sends a member's invitation to a friend from the widget's refer box, keeps no address once it went, and limits invitations per member", async () => {
    const refused = await invite("1", "ann@example.com");
    expect(await refused.json()).toMatchObject({ sent: false, reason: "own_email" });
    expect((await invite("1", "not an address")).status).toBe(400);
    const signedOut = proxyRequest("invite", { shop: SHOP });
    expect((await admin.app(new Request(signedOut.url, { method: "POST", body: JSON.stringify({ email: "gil@example.net" }) }))).status).toBe(403);

    const sent = await invite("1", "gil@example.net");
    expect(sent.status).toBe(200);
    expect(await sent.json()).toEqual({ sent: true, message: "Invitation sent to gil@example.net." });
    expect(await t.db.prisma.memberEmail.count({ where: { kind: "friend_invite", toAddress: "gil@example.net" } })).toBe(1);
    await settle();
    const [invitation, ...more] = smtp.to("gil@example.net");
    expect(more).toHaveLength(0);
    const code = (await t.db.prisma.member.findFirstOrThrow({ where: { shop: SHOP, customerId: "1" } })).referralCode as string;
    expect(invitation?.subject).toBe(`Ann invites you to ${shopName}`);
    expect(invitation?.text).toContain(`Use the code ${code} on your first order: https://${SHOP}/apps/tally/r/${code}`);
    expect(invitation?.headers.has("list-unsubscribe")).toBe(false);
    // Sent: the friend's address is not kept anywhere.
    expect(JSON.stringify(await t.db.prisma.memberEmail.findMany())).not.toContain("gil@example.net");

    for (let n = 2; n <= 5; n++) expect(await (await invite("1", `friend${n}@example.net`)).json()).toMatchObject({ sent: true });
    const limited = await invite("1", "friend6@example.net");
    expect(limited.status).toBe(200);
    expect(await limited.json()).toMatchObject({ sent: false, reason: "too_many" });
    expect(await t.db.prisma.memberEmail.count({ where: { toAddress: "friend6@example.net" } })).toBe(0);
  });

  it("lists a customer's emails, invitations and unsubscribes in their data export", async () => {
    await send("customers/data_request", { shop_id: 1, shop_domain: SHOP, orders_requested: [], customer: { id: 1, email: "ann@example.com", phone: null }, data_request: { id: 4242 } }, undefined, "/webhooks/compliance");
    await processDueDeliveries(t.db, () => new Date());
    const stored = await t.db.prisma.dataRequest.findFirstOrThrow({ where: { shop: SHOP, customerId: "1" } });
    const data = JSON.parse(stored.export) as { member: { locale: string }; emails: { kind: string; status: string }[]; emailUnsubscribes: { kind: string }[] };
    expect(data.member.locale).toBe("fr-FR");
    expect(new Set(data.emails.map((email) => email.kind))).toEqual(new Set(["points_earned", "within_reach", "referral_rewarded", "tier_reached", "friend_invite"]));
    expect(data.emails.filter((email) => email.kind === "friend_invite")).toHaveLength(5);
    expect(data.emailUnsubscribes).toEqual([expect.objectContaining({ kind: "points_earned" })]);
  });

  it("reminds members once per batch of points that expires within the notice", async () => {
    const rules = parseProgramRules((await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).programRules);
    // The program's setting, as the Program page stores it (its owner's function is the fixture).
    await setProgramRules(t.db.prisma, SHOP, { ...rules, expiry: { ...rules.expiry, enabled: true, monthsWithoutPurchase: 1 } });
    // Every member here last bought on the fixtures' payment day: their points expire a month and the 72 h wait
    // for late purchases after it. Ten days before is inside the 14-day notice.
    const lastPaid = (await t.db.prisma.loyaltyOrder.aggregate({ where: { shop: SHOP }, _max: { paidAt: true } }))._max.paidAt as Date;
    const soon = new Date(spellExpiresAt(lastPaid, 1).getTime() - 10 * DAY);
    await settle(soon);
    await settle(new Date(soon.getTime() + 2 * 60 * 60_000));
    const reminders = smtp.received.filter((email) => kindOf(email) === "points_expiring");
    const ann = reminders.filter((email) => email.to.includes("ann@example.com"));
    expect(ann).toHaveLength(1);
    expect(ann[0]?.subject).toMatch(new RegExp(`^Vos 2\\u202f?\\s?540 points chez ${shopName} expirent bientôt$`));
    // One per member with points and an address, redacted ones aside.
    const members = await t.db.prisma.member.findMany({ where: { shop: SHOP, redactedAt: null, email: { not: null }, balance: { available: { gt: 0 } } }, select: { email: true } });
    expect(reminders.map((email) => email.to[0]).sort()).toEqual(members.map((member) => member.email).sort());
  });

  it("deletes the shop's email settings, emails and unsubscribes on shop/redact", async () => {
    await send("shop/redact", { shop_id: 1, shop_domain: SHOP }, undefined, "/webhooks/compliance");
    await processDueDeliveries(t.db, () => new Date());
    const left = await Promise.all([
      t.db.prisma.emailSettings.count({ where: { shop: SHOP } }),
      t.db.prisma.memberEmail.count({ where: { shop: SHOP } }),
      t.db.prisma.emailOptOut.count({ where: { shop: SHOP } }),
    ]);
    expect(left).toEqual([0, 0, 0]);
  });
});
