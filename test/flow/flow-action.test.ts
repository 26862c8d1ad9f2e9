// Shopify Flow's "Adjust points" action, from its real entry point on SQLite and PostgreSQL: requests signed as Flow
// signs them (HMAC-SHA256 of the body with the app's secret, base64, in X-Shopify-Hmac-Sha256) to the built app's
// /flow/actions/adjust-points. One adjustment per action run however often Flow sends it; a bad signature or a bad
// body is refused with a message and writes nothing.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderPayload } from "../fixtures/shopify-payloads";
import { webhookHmac } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";
import { webhookHarness, type WebhookHarness } from "../support/webhook-harness";

const SHOP = "flow-action.myshopify.com";
const PATH = "/flow/actions/adjust-points";

function flowRequest(body: unknown, options: { hmac?: string } = {}): Request {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return new Request(new URL(PATH, "http://localhost"), {
    method: "POST",
    body: text,
    headers: { "Content-Type": "application/json", "X-Shopify-Hmac-Sha256": options.hmac ?? webhookHmac(text) },
  });
}

function actionBody(properties: Record<string, unknown>, runId: string = randomUUID()) {
  return {
    shop_id: "gid://shopify/Shop/1",
    shopify_domain: SHOP,
    action_run_id: runId,
    action_definition_id: "Adjust loyalty points",
    handle: "tally-adjust-points",
    properties,
  };
}

describe.each(testDatabaseKinds())("the Flow action Adjust points on %s", (kind) => {
  let t: TestDatabase;
  let harness: WebhookHarness;
  let memberId: string;

  const written = async () => ({
    transfers: await t.db.prisma.transfer.count({ where: { shop: SHOP } }),
    audit: await t.db.prisma.auditEvent.count({ where: { shop: SHOP } }),
  });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    harness = await webhookHarness(t);
    await harness.install(SHOP);
    expect((await harness.send(SHOP, "orders/paid", orderPayload({ id: 8101, customer: { id: 71, email: "flo@example.com" }, subtotal: "100.00" }))).status).toBe(200);
    await harness.work();
    memberId = (await t.db.prisma.member.findFirstOrThrow({ where: { shop: SHOP, customerId: "71" } })).id;
  });
  afterAll(() => t?.destroy());

  it("adjusts the member's points once per action run, however often Flow sends it", async () => {
    const body = actionBody({ customer_id: "71", points: 50, reason: "Left a review" }, "run-1");
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const response = await harness.app(flowRequest(body));
      answers.push({ status: response.status, body: (await response.json()) as { replayed: boolean; available: number; points: number } });
    }
    expect(answers.map((answer) => [answer.status, answer.body.points, answer.body.available, answer.body.replayed])).toEqual([
      [200, 50, 150, false],
      [200, 50, 150, true],
      [200, 50, 150, true],
    ]);
    const adjustments = await t.db.prisma.transfer.findMany({ where: { shop: SHOP, code: "ADJUSTMENT" } });
    expect(adjustments).toEqual([expect.objectContaining({ memberId, points: 50, status: "posted", memo: "Left a review", actor: "Shopify Flow" })]);
    expect(await harness.balances(SHOP, 71)).toMatchObject({ available: 150, posted: 150 });
    const audit = await t.db.prisma.auditEvent.findMany({ where: { shop: SHOP, action: "member.adjusted" } });
    expect(audit).toEqual([expect.objectContaining({ actorId: "shopify-flow", actorName: "Shopify Flow", subjectId: memberId })]);
  });

  it("takes points away, finds the member by a customer gid or a numeric id, and never below zero", async () => {
    const taken = await harness.app(flowRequest(actionBody({ customer_id: "gid://shopify/Customer/71", points: -30, reason: "Correction" })));
    expect(taken.status).toBe(200);
    const numeric = await harness.app(flowRequest(actionBody({ customer_id: 71, points: "+5", reason: "Birthday" })));
    expect(numeric.status).toBe(200);
    expect(await harness.balances(SHOP, 71)).toMatchObject({ available: 125 });

    const before = await written();
    const tooMuch = await harness.app(flowRequest(actionBody({ customer_id: "71", points: -1000, reason: "Too much" })));
    expect(tooMuch.status).toBe(422);
    expect(((await tooMuch.json()) as { error: string }).error).toContain("the member has 125 available");
    expect(await written()).toEqual(before);
  });

  it("refuses a run id reused for a different adjustment with 409, writing nothing", async () => {
    const before = await written();
    const response = await harness.app(flowRequest(actionBody({ customer_id: "71", points: 60, reason: "Left a review" }, "run-1")));
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: string }).error).toContain("Action run run-1 already adjusted");
    expect(await written()).toEqual(before);
  });

  it("answers 401 to a request not signed with the app's secret, writing nothing", async () => {
    const before = await written();
    const body = actionBody({ customer_id: "71", points: 500, reason: "Forged" });
    const forged = await harness.app(flowRequest(body, { hmac: webhookHmac(JSON.stringify(body), "not-the-secret") }));
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: string }).error).toContain("not signed by Shopify Flow");
    const unsigned = await harness.app(new Request(new URL(PATH, "http://localhost"), { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }));
    expect(unsigned.status).toBe(401);
    // A signed body changed on the way.
    const text = JSON.stringify(body);
    const tampered = await harness.app(flowRequest(text.replace('"points":500', '"points":900'), { hmac: webhookHmac(text) }));
    expect(tampered.status).toBe(401);
    expect(await written()).toEqual(before);
  });

  it.each([
    ["a body that is not JSON", "{not json", "The body is not JSON"],
    ["no points", actionBody({ customer_id: "71", reason: "Nothing" }), "properties.points"],
    ["zero points", actionBody({ customer_id: "71", points: 0, reason: "Nothing" }), "properties.points"],
    ["fractional points", actionBody({ customer_id: "71", points: 1.5, reason: "Half" }), "properties.points"],
    ["points over the limit", actionBody({ customer_id: "71", points: 2_000_000, reason: "Typo" }), "properties.points"],
    ["an empty reason", actionBody({ customer_id: "71", points: 5, reason: "  " }), "properties.reason"],
    ["a customer that is no id", actionBody({ customer_id: "gid://shopify/Order/71", points: 5, reason: "Wrong" }), "properties.customer_id"],
    ["no action run id", { ...actionBody({ customer_id: "71", points: 5, reason: "No run" }), action_run_id: undefined }, "action_run_id"],
    ["another action's handle", { ...actionBody({ customer_id: "71", points: 5, reason: "Other" }), handle: "someone-elses-action" }, "handle must be tally-adjust-points"],
    ["a shop that is no shop domain", { ...actionBody({ customer_id: "71", points: 5, reason: "Where" }), shopify_domain: "evil.example.com" }, "myshopify.com"],
  ])("answers 400 to %s, naming the problem, writing nothing", async (_case, body, message) => {
    const before = await written();
    const response = await harness.app(flowRequest(body));
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: string };
    expect(answer.error).toContain(message);
    expect(answer.error).toContain("Nothing was changed.");
    expect(await written()).toEqual(before);
  });

  it("answers 404 for a customer who is not a member, or a shop without Tally, writing nothing", async () => {
    const before = await written();
    const stranger = await harness.app(flowRequest(actionBody({ customer_id: "99999", points: 5, reason: "Who" })));
    expect(stranger.status).toBe(404);
    expect(((await stranger.json()) as { error: string }).error).toContain("Customer 99999 is not a member");
    const elsewhere = await harness.app(flowRequest({ ...actionBody({ customer_id: "71", points: 5, reason: "Elsewhere" }), shopify_domain: "no-tally.myshopify.com" }));
    expect(elsewhere.status).toBe(404);
    expect(await written()).toEqual(before);
  });
});
