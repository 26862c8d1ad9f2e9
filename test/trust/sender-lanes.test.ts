// One shop's far side that is down holds back only that shop's sends, on SQLite and PostgreSQL. Each sender (member
// emails over the merchant's SMTP server, outgoing webhooks to an endpoint, Shopify Flow through the shop's Admin
// API) works its claimed batch lane by lane (app/operations/send-lanes.ts): another shop's items go while one SMTP
// server or endpoint hangs; a far side that fails is tried once, what it had left goes back to the queue untried
// (or fails for good past its last try), and the rest of the run reaches every other shop's items. Nothing starts
// once half a claim's lease has passed, so no item is still being sent when another instance may claim it.
import { once } from "node:events";
import http from "node:http";
import net, { type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvents } from "~/loyalty/events/event-feed-store.server";
import { EMAIL_LEASE_MS, queueEmails, writeEmailSettings, type EmailDraft } from "~/loyalty/emails/email-store.server";
import { sendDueEmails } from "~/loyalty/emails/send-emails.server";
import { sealSmtpPassword } from "~/loyalty/emails/smtp-password";
import { addFlowSends } from "~/loyalty/flow/flow-send-store.server";
import { sendDueFlowTriggers } from "~/loyalty/flow/send-flow-triggers.server";
import { addDeliveries, insertEndpoint, WEBHOOK_DELIVERY_LEASE_MS } from "~/loyalty/outgoing-webhooks/endpoint-store.server";
import { sendDueWebhooks } from "~/loyalty/outgoing-webhooks/send-webhooks.server";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { renderMemberEmail } from "~/shopper/member-email-messages";
import { adminApi } from "../support/admin-api-standin";
import { offlineAdmin, testShopifyApp } from "../support/offline-admin";
import { TEST_API_SECRET } from "../support/shopify-requests";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

const DOWN = "far-side-down.myshopify.com";
const UP = "far-side-up.myshopify.com";
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const emailSending = { appSecret: TEST_API_SECRET, appUrl: "http://localhost", outbox: false, render: renderMemberEmail, policy: { allowLoopback: true } };
const webhookSending = { signingKey: TEST_API_SECRET, policy: { allowLoopback: true } };

/** A server that takes connections and never says a word, until it is told to drop them (and any later one). */
async function startSilentServer(): Promise<{ port: number; connections: () => number; dropAll: () => void; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  let connections = 0;
  let dropping = false;
  const server = net.createServer((socket) => {
    connections += 1;
    if (dropping) socket.destroy();
    else sockets.push(socket);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const dropAll = () => {
    dropping = true;
    sockets.splice(0).forEach((socket) => socket.destroy());
  };
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    dropAll,
    close: () => {
      dropAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** An HTTP endpoint that holds every request unanswered until told how to answer them (and any later one). */
async function startHoldingEndpoint(): Promise<{ url: string; requests: () => number; answerAll: (status: number) => void; close: () => Promise<void> }> {
  const held: http.ServerResponse[] = [];
  let requests = 0;
  let answer: number | null = null;
  const server = http.createServer((request, response) => {
    requests += 1;
    request.resume();
    if (answer === null) held.push(response);
    else response.writeHead(answer).end("busy");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const answerAll = (status: number) => {
    answer = status;
    held.splice(0).forEach((response) => response.writeHead(status).end("busy"));
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    requests: () => requests,
    answerAll,
    close: () => {
      answerAll(503);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port nothing listens on: a connection to it is refused at once. */
async function refusingPort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits, a turn of the loop at a time, until `done` holds (or fails the test after `ms`). */
async function until(done: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("waited too long");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(testDatabaseKinds())("senders with one shop's far side down on %s", (kind) => {
  let t: TestDatabase;
  let smtp: SmtpReceiver;
  let receiver: WebhookReceiver;
  let batch = 0;

  const smtpSettings = (port: number, login: boolean) => ({
    disabled: [],
    brandColor: null,
    fallbackLocale: "en" as const,
    withinReachPoints: 100,
    expiryNoticeDays: 14,
    smtpHost: "127.0.0.1",
    smtpPort: port,
    smtpSecurity: "none" as const,
    smtpUser: login ? smtp.user : null,
    smtpPassword: login ? sealSmtpPassword(TEST_API_SECRET, smtp.password) : null,
    fromAddress: "rewards@example.com",
  });
  /** `count` test emails for `shop`, queued at `at` (older ones are claimed first). */
  const queueTestEmails = async (shop: string, count: number, at: Date) => {
    batch += 1;
    const drafts: EmailDraft[] = Array.from({ length: count }, (_, i) => ({ kind: "test", key: `lanes-${batch}-${i}`, memberId: null, toAddress: `to-${batch}-${i}@example.com`, locale: "en", data: {} }));
    await queueEmails(t.db.prisma, shop, drafts, at);
  };
  // The first shop has no offline session (uninstalled, or its token revoked): the SDK cannot make its client.
  const withoutSession = async (shop: string) => (shop === UP ? offlineAdmin(t.db, shop) : (await testShopifyApp(t.db).unauthenticated.admin(shop)).admin);
  const emailsOf = (shop: string) => t.db.prisma.memberEmail.findMany({ where: { shop, status: { not: "sent" } }, orderBy: { id: "asc" } });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    smtp = await startSmtpReceiver();
    receiver = await startWebhookReceiver();
    for (const shop of [DOWN, UP]) await upsertShop(t.db.prisma, { domain: shop, name: shop, currencyCode: "USD" });
  });
  afterAll(async () => {
    await smtp?.close();
    await receiver?.close();
    await t?.destroy();
  });

  it("sends another shop's emails while one shop's SMTP server hangs, and puts back what the hanging shop had left", async () => {
    const silent = await startSilentServer();
    try {
      await writeEmailSettings(t.db.prisma, DOWN, smtpSettings(silent.port, false), new Date());
      await writeEmailSettings(t.db.prisma, UP, smtpSettings(smtp.port, true), new Date());
      const now = new Date();
      await queueTestEmails(DOWN, 3, new Date(now.getTime() - 2 * MINUTE));
      await queueTestEmails(UP, 2, new Date(now.getTime() - MINUTE));
      const before = await emailsOf(DOWN);
      const received = smtp.received.length;

      let finished = false;
      const running = sendDueEmails(t.db, now, emailSending, () => undefined).finally(() => (finished = true));
      // The other shop's two emails arrive while the first shop's server still holds its first connection.
      await until(() => smtp.received.length === received + 2 && silent.connections() === 1);
      expect(finished).toBe(false);

      // The silent server drops the connection: a failure of the server, not of the message.
      silent.dropAll();
      expect(await running).toEqual({ sent: 2, failed: 1 });
      expect(silent.connections()).toBe(1);
      const after = await emailsOf(DOWN);
      const tried = after.filter((email) => email.attempts === 1);
      expect(tried).toHaveLength(1);
      expect(tried[0]).toMatchObject({ status: "pending" });
      expect(tried[0]?.lastError).toBeTruthy();
      expect(tried[0]?.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
      // The two it never tried are as they were before the run: due, no attempt counted, no error.
      const untried = after.filter((email) => email.attempts === 0);
      expect(untried.map((email) => ({ id: email.id, status: email.status, lastError: email.lastError, nextAttemptAt: email.nextAttemptAt }))).toEqual(
        before.filter((email) => untried.some((each) => each.id === email.id)).map((email) => ({ id: email.id, status: "pending", lastError: null, nextAttemptAt: email.nextAttemptAt })),
      );
      expect(untried).toHaveLength(2);
    } finally {
      await silent.close();
      await t.db.prisma.memberEmail.deleteMany({});
    }
  });

  it("tries a refusing SMTP server once a run, and reaches the other shop's email behind a full batch of the first shop's", async () => {
    await writeEmailSettings(t.db.prisma, DOWN, smtpSettings(await refusingPort(), false), new Date());
    await writeEmailSettings(t.db.prisma, UP, smtpSettings(smtp.port, true), new Date());
    const now = new Date();
    // More of the first shop's than a batch holds (50), all older than the other shop's one.
    await queueTestEmails(DOWN, 60, new Date(now.getTime() - 2 * MINUTE));
    await queueTestEmails(UP, 1, new Date(now.getTime() - MINUTE));
    const received = smtp.received.length;

    expect(await sendDueEmails(t.db, now, emailSending, () => undefined)).toEqual({ sent: 1, failed: 1 });
    expect(smtp.received.length).toBe(received + 1);
    const down = await emailsOf(DOWN);
    expect(down.filter((email) => email.attempts === 1)).toHaveLength(1);
    expect(down.filter((email) => email.attempts === 0 && email.status === "pending" && email.nextAttemptAt <= now)).toHaveLength(59);

    // The next run tries the server once again, and only once.
    const later = new Date(now.getTime() + MINUTE);
    expect(await sendDueEmails(t.db, later, emailSending, () => undefined)).toEqual({ sent: 0, failed: 1 });
    expect((await emailsOf(DOWN)).filter((email) => email.attempts === 0)).toHaveLength(58);
    await t.db.prisma.memberEmail.deleteMany({});
  });

  it("posts to another endpoint while one endpoint holds its request, then puts back the held endpoint's untried deliveries", async () => {
    const holding = await startHoldingEndpoint();
    try {
      const now = new Date();
      await insertEndpoint(t.db.prisma, { id: "ep-holding", shop: DOWN, url: holding.url, events: ["points.changed"], secretSalt: "salt-1", createdAt: now });
      await insertEndpoint(t.db.prisma, { id: "ep-answering", shop: UP, url: receiver.url("/lanes"), events: ["points.changed"], secretSalt: "salt-2", createdAt: now });
      const event = (shop: string, i: number) => ({
        id: `points.changed:lanes-${shop}-${i}`,
        type: "points.changed" as const,
        memberId: `member-${i}`,
        occurredAt: now,
        data: { memberId: `member-${i}`, customerId: String(100 + i), code: "PURCHASE", points: 10, status: "posted", orderId: null, balanceAfter: { available: 10 } },
      });
      const held = Array.from({ length: 9 }, (_, i) => event(DOWN, i));
      await appendEvents(t.db.prisma, DOWN, held, now);
      await appendEvents(t.db.prisma, UP, [event(UP, 0)], now);
      // Nine for the holding endpoint, older than the other endpoint's one: more than the eight posted at once.
      await addDeliveries(t.db.prisma, held.map((each) => ({ shop: DOWN, endpointId: "ep-holding", eventId: each.id })), new Date(now.getTime() - 2 * MINUTE), new Date(now.getTime() + DAY));
      await addDeliveries(t.db.prisma, [{ shop: UP, endpointId: "ep-answering", eventId: event(UP, 0).id }], new Date(now.getTime() - MINUTE), new Date(now.getTime() + DAY));
      const received = receiver.received.filter((hook) => hook.path === "/lanes").length;

      let finished = false;
      const running = sendDueWebhooks(t.db, now, webhookSending, () => undefined).finally(() => (finished = true));
      await until(() => receiver.received.filter((hook) => hook.path === "/lanes").length === received + 1 && holding.requests() > 0);
      expect(finished).toBe(false);

      holding.answerAll(503);
      const run = await running;
      // Up to eight posts go to one endpoint at once, so some of its nine were never started.
      const posted = holding.requests();
      expect(posted).toBeLessThan(9);
      expect(run).toEqual({ delivered: 1, failed: posted });
      const deliveries = await t.db.prisma.outgoingWebhookDelivery.findMany({ where: { endpointId: "ep-holding" } });
      expect(deliveries.filter((delivery) => delivery.attempts === 1 && delivery.status === "pending" && delivery.lastStatus === 503)).toHaveLength(posted);
      expect(deliveries.filter((delivery) => delivery.attempts === 0 && delivery.status === "pending" && delivery.lastError === null)).toHaveLength(9 - posted);
    } finally {
      await holding.close();
      await t.db.prisma.outgoingWebhookDelivery.deleteMany({});
    }
  });

  it("starts no email once half its claim's lease has passed: a slow shop's unstarted emails go back, and another sender sends each once", async () => {
    await writeEmailSettings(t.db.prisma, UP, smtpSettings(smtp.port, true), new Date());
    const now = new Date();
    await queueTestEmails(UP, 3, new Date(now.getTime() - MINUTE));
    const addresses = (await emailsOf(UP)).map((email) => email.toAddress);
    const before = await emailsOf(UP);
    const received = smtp.received.length;
    // The run's clock passes half the two-minute lease as soon as the first email is in: a server that takes a
    // minute a message, without the test waiting for it.
    const clock = () => new Date(now.getTime() + (smtp.received.length > received ? EMAIL_LEASE_MS / 2 : 0));

    expect(await sendDueEmails(t.db, now, emailSending, () => undefined, clock)).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received.length).toBe(received + 1);
    // The two not started are as they were before the claim: due when they were, no attempt counted, no error.
    const left = await emailsOf(UP);
    expect(left.map((email) => ({ id: email.id, status: email.status, attempts: email.attempts, lastError: email.lastError, nextAttemptAt: email.nextAttemptAt }))).toEqual(
      before.filter((email) => left.some((each) => each.id === email.id)).map((email) => ({ id: email.id, status: "pending", attempts: 0, lastError: null, nextAttemptAt: email.nextAttemptAt })),
    );
    expect(left).toHaveLength(2);

    // Another instance's run, after the first claim's lease ended, sends those two; every email went once.
    const later = new Date(now.getTime() + EMAIL_LEASE_MS + MINUTE);
    expect(await sendDueEmails(t.db, later, emailSending, () => undefined)).toEqual({ sent: 2, failed: 0 });
    expect(smtp.received.slice(received).flatMap((email) => email.to).sort()).toEqual([...addresses].sort());
    await t.db.prisma.memberEmail.deleteMany({});
  });

  it("starts no webhook post once half its claim's lease has passed, and puts back the deliveries not started", async () => {
    const now = new Date();
    await insertEndpoint(t.db.prisma, { id: "ep-lease", shop: UP, url: receiver.url("/lease"), events: ["points.changed"], secretSalt: "salt-3", createdAt: now });
    const events = Array.from({ length: 12 }, (_, i) => ({
      id: `points.changed:lease-${i}`,
      type: "points.changed" as const,
      memberId: `member-${i}`,
      occurredAt: now,
      data: { memberId: `member-${i}`, customerId: String(200 + i), code: "PURCHASE", points: 10, status: "posted", orderId: null, balanceAfter: { available: 10 } },
    }));
    await appendEvents(t.db.prisma, UP, events, now);
    await addDeliveries(t.db.prisma, events.map((each) => ({ shop: UP, endpointId: "ep-lease", eventId: each.id })), new Date(now.getTime() - MINUTE), new Date(now.getTime() + DAY));
    const posts = () => receiver.received.filter((hook) => hook.path === "/lease").length;
    const clock = () => new Date(now.getTime() + (posts() > 0 ? WEBHOOK_DELIVERY_LEASE_MS / 2 : 0));

    // Eight posts start at once (one endpoint's most); the first answer finds the lease half gone.
    const run = await sendDueWebhooks(t.db, now, webhookSending, () => undefined, clock);
    expect(run).toEqual({ delivered: 8, failed: 0 });
    expect(posts()).toBe(8);
    const deliveries = await t.db.prisma.outgoingWebhookDelivery.findMany({ where: { endpointId: "ep-lease" } });
    expect(deliveries.filter((delivery) => delivery.status === "delivered")).toHaveLength(8);
    expect(deliveries.filter((delivery) => delivery.status === "pending" && delivery.attempts === 0 && delivery.lastError === null && delivery.nextAttemptAt < now)).toHaveLength(4);

    expect(await sendDueWebhooks(t.db, new Date(now.getTime() + WEBHOOK_DELIVERY_LEASE_MS + MINUTE), webhookSending, () => undefined)).toEqual({ delivered: 4, failed: 0 });
    expect(new Set(receiver.received.filter((hook) => hook.path === "/lease").map((hook) => hook.body)).size).toBe(12);
    await t.db.prisma.outgoingWebhookDelivery.deleteMany({});
  });

  it("fails for good an untried Flow trigger past its last try, with the shop's failure, and puts back the others", async () => {
    const now = new Date();
    const ids = ["first", "overdue", "fresh"].map((name) => `points.changed:lanes-overdue-${name}`);
    await appendEvents(
      t.db.prisma,
      DOWN,
      ids.map((id) => ({ id, type: "points.changed" as const, memberId: "member-o", occurredAt: now, data: { memberId: "member-o", customerId: "300", code: "PURCHASE", points: 5, status: "posted", orderId: null, balanceAfter: { available: 5 } } })),
      now,
    );
    // Claimed in this order; the second has been retried for its whole day already.
    const trigger = "tally-points-earned" as const;
    await addFlowSends(t.db.prisma, [{ shop: DOWN, eventId: ids[0] as string, trigger }], new Date(now.getTime() - 3 * MINUTE), new Date(now.getTime() + DAY));
    await addFlowSends(t.db.prisma, [{ shop: DOWN, eventId: ids[1] as string, trigger }], new Date(now.getTime() - 2 * MINUTE), new Date(now.getTime() - MINUTE));
    await addFlowSends(t.db.prisma, [{ shop: DOWN, eventId: ids[2] as string, trigger }], new Date(now.getTime() - MINUTE), new Date(now.getTime() + DAY));

    expect(await sendDueFlowTriggers(t.db, now, withoutSession)).toEqual({ sent: 0, failed: 1 });
    const byEvent = new Map((await t.db.prisma.flowTriggerSend.findMany({ where: { eventId: { in: ids } } })).map((row) => [row.eventId, row]));
    expect(byEvent.get(ids[0] as string)).toMatchObject({ status: "pending", attempts: 1 });
    expect(byEvent.get(ids[1] as string)).toMatchObject({ status: "failed", attempts: 0 });
    expect(byEvent.get(ids[1] as string)?.lastError).toContain("session");
    expect(byEvent.get(ids[1] as string)?.lastError).toBe(byEvent.get(ids[0] as string)?.lastError);
    expect(byEvent.get(ids[2] as string)).toMatchObject({ status: "pending", attempts: 0, lastError: null, nextAttemptAt: new Date(now.getTime() - MINUTE) });
    await t.db.prisma.flowTriggerSend.deleteMany({});
  });

  it("sends Flow triggers of a shop whose Admin API answers, and tries a shop without a session once", async () => {
    const now = new Date();
    const event = (shop: string, i: number) => ({
      id: `points.changed:flow-lanes-${shop}-${i}`,
      type: "points.changed" as const,
      memberId: `member-${i}`,
      occurredAt: now,
      data: { memberId: `member-${i}`, customerId: String(500 + i), code: "PURCHASE", points: 20, status: "posted", orderId: "7001", balanceAfter: { available: 20 } },
    });
    const down = Array.from({ length: 3 }, (_, i) => event(DOWN, i));
    const up = Array.from({ length: 2 }, (_, i) => event(UP, i));
    await appendEvents(t.db.prisma, DOWN, down, now);
    await appendEvents(t.db.prisma, UP, up, now);
    await addFlowSends(t.db.prisma, down.map((each) => ({ shop: DOWN, eventId: each.id, trigger: "tally-points-earned" as const })), new Date(now.getTime() - 2 * MINUTE), new Date(now.getTime() + DAY));
    await addFlowSends(t.db.prisma, up.map((each) => ({ shop: UP, eventId: each.id, trigger: "tally-points-earned" as const })), new Date(now.getTime() - MINUTE), new Date(now.getTime() + DAY));
    const calls = () => adminApi.store.requests.filter((request) => request.shop === UP && request.operationName === "TallyFlowTrigger").length;
    const before = calls();

    expect(await sendDueFlowTriggers(t.db, now, withoutSession)).toEqual({ sent: 2, failed: 1 });
    expect(calls()).toBe(before + 2);
    const sends = await t.db.prisma.flowTriggerSend.findMany({ where: { shop: DOWN } });
    expect(sends.filter((send) => send.attempts === 1)).toEqual([expect.objectContaining({ status: "pending", lastError: expect.stringContaining("session") })]);
    expect(sends.filter((send) => send.attempts === 0 && send.status === "pending" && send.lastError === null)).toHaveLength(2);
  });
});
