// The demo's emails (TALLY_DEMO: the outbox mode), on SQLite and PostgreSQL: no SMTP server and no network; the
// Emails page shows each email the job runner would have sent, worded and coloured as it would have gone, and the
// test send lands there too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs, type JobDependencies } from "~/jobs/job-runner.server";
import { sendDueEmails } from "~/loyalty/emails/send-emails.server";
import { renderMemberEmail } from "~/shopper/member-email-messages";
import { processDueDeliveries } from "~/webhooks/delivery-worker.server";
import { customerPayload, orderPayload } from "../fixtures/shopify-payloads";
import { openDemoAdmin, renderedMarkup, type DemoAdmin } from "../support/demo-admin";
import { signedWebhook, TEST_API_SECRET } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { installShop } from "../support/webhook-harness";

const SHOP = "email-outbox.myshopify.com";
const PAGE = "/app/emails";
// What the app's job runner is given in the demo (app/jobs/email-sending.server.ts with TALLY_DEMO).
const emailSending = { appSecret: TEST_API_SECRET, appUrl: "http://localhost", outbox: true, render: renderMemberEmail, policy: { allowLoopback: false } };
const jobs: JobDependencies = { deactivateDiscount: async () => undefined, emailSending };

/** The same jobs with nothing sent: emails are queued and wait. */
const queueOnly: JobDependencies = { deactivateDiscount: async () => undefined };

describe.each(testDatabaseKinds())("the demo's email outbox on %s", (kind) => {
  let t: TestDatabase;
  let admin: DemoAdmin;
  let shopName = "";
  let webhookId = 0;
  const send = async (topic: string, payload: unknown) => {
    const response = await admin.app(signedWebhook(`/webhooks/${topic}`, topic, payload, { shop: SHOP, webhookId: `outbox-${++webhookId}` }));
    expect(response.status).toBe(200);
  };
  const settle = async () => {
    await processDueDeliveries(t.db, () => new Date());
    return runDueJobs(t.db, new Date(), jobs);
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    admin = await openDemoAdmin(t.url, SHOP);
    await installShop(t, SHOP);
    shopName = (await t.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).name;
    await settle();
  });
  afterAll(() => t?.destroy());

  it("keeps the test send in the outbox instead of sending it, with no SMTP server set", async () => {
    const page = renderedMarkup(await (await admin.get(PAGE)).text());
    expect(page).toContain("This is the demo: emails are not sent.");
    const tested = await admin.post(PAGE, { intent: "test", to: "owner@email-outbox.example", locale: "fr" });
    expect(tested.status).toBe(200);
    expect(renderedMarkup(await tested.text())).toContain("The test email to owner@email-outbox.example is in the outbox below");
    const outbox = renderedMarkup(await (await admin.get(PAGE)).text());
    expect(outbox).toContain(`E-mail de test de ${shopName}`);
    expect(outbox).toContain("owner@email-outbox.example");
  });

  it("shows the emails the job runner would have sent, rendered, on the Emails page", async () => {
    await send("customers/create", { ...customerPayload({ id: 11, email: "hana@example.com", first_name: "Hana", state: "disabled" }), locale: "en-GB" });
    await send("orders/paid", orderPayload({ id: 8001, customer: { id: 11, email: "hana@example.com", first_name: "Hana" }, subtotal: "40.00" }));
    const run = await settle();
    expect(run.emails).toEqual({ sent: 1, failed: 0 });
    const row = await t.db.prisma.memberEmail.findFirstOrThrow({ where: { shop: SHOP, kind: "points_earned" } });
    expect(row.status).toBe("held");
    const page = renderedMarkup(await (await admin.get(PAGE)).text());
    expect(page).toContain(`You earned 40 points at ${shopName}`);
    expect(page).toContain("hana@example.com");
    expect(page).toContain("In the outbox");
    // The message itself, as it would have gone: greeting, balance and the unsubscribe link.
    expect(page).toContain("Hi Hana,");
    expect(page).toContain("/emails/unsubscribe?token=");
  });

  // The job runs on the settlement thread, where the intake's batches arrive as messages; on SQLite every
  // statement resolves at once, so a run that never let the loop turn kept them all waiting until its last email
  // (docs/performance.md, "Commit `f94dc2b` …": 170–280 ms).
  it("lets the event loop turn between one email and the next", async () => {
    for (const id of [21, 22, 23]) {
      await send("customers/create", { ...customerPayload({ id, email: `shopper${id}@example.com`, first_name: "Sam", state: "disabled" }), locale: "en" });
      await send("orders/paid", orderPayload({ id: 8100 + id, customer: { id, email: `shopper${id}@example.com`, first_name: "Sam" }, subtotal: "25.00" }));
    }
    await processDueDeliveries(t.db, () => new Date());
    await runDueJobs(t.db, new Date(), queueOnly);
    expect(await t.db.prisma.memberEmail.count({ where: { shop: SHOP, kind: "points_earned", status: "pending" } })).toBe(3);
    let turns = 0;
    let counting = true;
    const count = () => {
      if (!counting) return;
      turns += 1;
      setImmediate(count);
    };
    setImmediate(count);
    const failures: unknown[] = [];
    const run = await sendDueEmails(t.db, new Date(), emailSending, (_, error) => failures.push(error));
    counting = false;
    expect(failures).toEqual([]);
    expect(run).toEqual({ sent: 3, failed: 0 });
    // The claim's unit lets the loop turn once before it begins (sqlite-connection.server.ts), then once between two emails.
    expect(turns).toBeGreaterThanOrEqual(3);
  });
});
