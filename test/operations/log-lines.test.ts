// The production server (server.mjs over the built app, a child process) writes its log as JSON lines: a
// delivery's lines name the shop and the delivery (Shopify's webhook id), and nothing personal from the payload
// reaches the log, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import { orderPayload } from "../fixtures/shopify-payloads";
import { freePort, productionEnv, requireBuild, spawnServer, waitUntilListening, type ServerProcess } from "../support/server-process";
import { signedWebhook } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "log-lines.myshopify.com";
const EMAIL = "ada.lovelace.private@example.com";
const PERSONAL = [EMAIL, "Ada", "Lovelace", "12 Analytical Engine Row", "+44 20 7946 0000"];

type LogLine = Record<string, unknown> & { level: number; msg: string };

describe.each(testDatabaseKinds())("log lines on %s", (kind) => {
  let t: TestDatabase;
  let server: ServerProcess;
  let origin: string;

  beforeAll(async () => {
    requireBuild();
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Log lines shop", currencyCode: "USD" });
    const port = await freePort();
    server = spawnServer({ ...productionEnv(t.url), PORT: String(port), LOG_LEVEL: "debug" });
    await waitUntilListening(server);
    origin = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await server?.stop();
    await t?.destroy();
  });

  function lines(): LogLine[] {
    const { stdout } = server.output();
    return stdout
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => {
        try {
          return JSON.parse(line) as LogLine;
        } catch {
          throw new Error(`A log line that is not JSON: ${line}`);
        }
      });
  }

  it("logs a settled delivery with its shop and webhook id, and nothing personal", async () => {
    const payload = {
      ...orderPayload({ id: 501, customer: { id: 77, email: EMAIL }, subtotal: "40.00" }),
      email: EMAIL,
      phone: "+44 20 7946 0000",
      customer: { id: 77, email: EMAIL, first_name: "Ada", last_name: "Lovelace" },
      shipping_address: { first_name: "Ada", last_name: "Lovelace", address1: "12 Analytical Engine Row" },
    };
    const request = signedWebhook("/webhooks/orders/paid", "orders/paid", payload, { shop: SHOP, webhookId: "log-line-delivery-1" });
    const response = await fetch(`${origin}/webhooks/orders/paid`, { method: "POST", headers: request.headers, body: await request.text() });
    expect(response.status).toBe(200);

    const deadline = Date.now() + 30_000;
    while (!lines().some((line) => line.msg === "delivery settled")) {
      if (Date.now() > deadline) throw new Error(`No settled line:\n${server.output().stdout}\n${server.output().stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const settled = lines().find((line) => line.msg === "delivery settled");
    expect(settled).toMatchObject({ level: 20, service: "tally", shop: SHOP, delivery: "log-line-delivery-1", topic: "orders/paid" });
    expect(typeof settled?.latencyMs).toBe("number");
    expect(typeof settled?.time).toBe("string");
    expect(lines().find((line) => line.msg === "delivery stored")).toMatchObject({ shop: SHOP, delivery: "log-line-delivery-1", stored: true });
    expect(lines().find((line) => /Tally listening on/.test(line.msg))).toMatchObject({ level: 30, service: "tally" });

    const everything = server.output().stdout + server.output().stderr;
    for (const personal of PERSONAL) expect(everything).not.toContain(personal);
  });
});
