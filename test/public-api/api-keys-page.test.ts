// The API keys page through the built app as a signed-in staff member: a key is created with a name and a scope,
// shown once (never again, never stored), works at once; revoking it makes the API answer 401; both are audited;
// the page lists the key's calls. Bad forms change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "~/loyalty/api-access/api-key";
import { listAuditEvents } from "~/loyalty/audit/audit-log.server";
import { openDemoAdmin, renderedMarkup, tableRows, type DemoAdmin } from "../support/demo-admin";
import { seedMembers } from "../support/members";
import { apiCall } from "../support/public-api";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "api-keys-page.myshopify.com";
const KEY_PATTERN = /tally_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/g;

describe.each(testDatabaseKinds())("API keys page on %s", (kind) => {
  let t: TestDatabase;
  let staff: DemoAdmin;
  let memberId: string;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    [memberId = ""] = await seedMembers(t.db, 1, SHOP);
    staff = await openDemoAdmin(t.url, SHOP);
  });
  afterAll(() => t?.destroy());

  it("is in the admin's menu", async () => {
    const html = await (await staff.get("/app/api-keys")).text();
    expect(html).toContain('href="/app/api-keys"');
  });

  it("creates a key shown once and stored only as its hash, which works at once with its scope", async () => {
    const response = await staff.post("/app/api-keys", { intent: "create", name: "Reviews app", scope: "read_write" });
    expect(response.status).toBe(200);
    const shown = [...new Set(renderedMarkup(await response.text()).match(KEY_PATTERN) ?? [])];
    expect(shown).toHaveLength(1);
    const key = shown[0] as string;

    const rows = await t.db.prisma.apiKey.findMany({ where: { shop: SHOP } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "Reviews app", scope: "read_write", secretHash: hashApiKey(key), createdBy: "Demo staff", revokedAt: null });
    const secret = key.slice(23);
    const everything = JSON.stringify(await t.sql("SELECT * FROM api_keys")) + JSON.stringify(await t.sql("SELECT * FROM audit_events"));
    expect(everything).not.toContain(secret);

    // Never again: the page lists the key by its public part only.
    const page = await (await staff.get("/app/api-keys")).text();
    expect(page.match(KEY_PATTERN)).toBeNull();
    const listed = tableRows(page).find((row) => row.includes("Reviews app"));
    expect(listed).toContain(`tally_${rows[0]?.id}_…`);
    expect(listed).toContain("Read and write");
    expect(listed).toContain("Active");

    const call = await apiCall(staff.app, "POST", `/api/v1/members/${memberId}/events`, { key, body: { event: "quiz", points: 5 }, idempotencyKey: "page-test-1" });
    expect(call.status).toBe(201);
    const after = await (await staff.get("/app/api-keys")).text();
    expect(tableRows(after).some((row) => row.includes(`POST /api/v1/members/${memberId}/events`) && row.includes("201"))).toBe(true);

    const audit = await listAuditEvents(t.db.prisma, SHOP, { action: "api_key.created", limit: 10 });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorName: "Demo staff", subjectId: rows[0]?.id, details: { name: "Reviews app", scope: "read_write" } });
  });

  it("revokes a key: its next call gets 401, the revocation is audited and shown", async () => {
    const created = await staff.post("/app/api-keys", { intent: "create", name: "Old integration", scope: "read" });
    const key = (renderedMarkup(await created.text()).match(KEY_PATTERN) ?? [])[0] as string;
    expect((await apiCall(staff.app, "GET", "/api/v1/rewards", { key })).status).toBe(200);
    const row = await t.db.prisma.apiKey.findFirstOrThrow({ where: { shop: SHOP, name: "Old integration" } });

    const revoked = await staff.post("/app/api-keys", { intent: "revoke", keyId: row.id });
    expect(revoked.status).toBe(200);
    expect(renderedMarkup(await revoked.text())).toContain("Key “Old integration” revoked");
    const response = await apiCall(staff.app, "GET", "/api/v1/rewards", { key });
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("revoked_api_key");
    expect(await t.db.prisma.apiCall.findFirst({ where: { keyId: row.id, status: 401 } })).not.toBeNull();

    expect((await staff.post("/app/api-keys", { intent: "revoke", keyId: row.id })).status).toBe(409);
    const audit = await listAuditEvents(t.db.prisma, SHOP, { action: "api_key.revoked", limit: 10 });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subjectId: row.id, details: { name: "Old integration", scope: "read" } });
    const page = await (await staff.get("/app/api-keys")).text();
    expect(tableRows(page).find((line) => line.includes("Old integration"))).toContain("Revoked");
    const activity = tableRows(await (await staff.get("/app/activity?view=audit")).text());
    expect(activity.some((line) => line.includes("Revoked an API key") && line.includes("“Old integration” (read only)"))).toBe(true);
    expect(activity.some((line) => line.includes("Created an API key") && line.includes("“Reviews app” (read and write)"))).toBe(true);
  });

  it("refuses a form without a name or with an unknown scope, or a revoke of another shop's key, and changes nothing", async () => {
    const before = await t.db.prisma.apiKey.count();
    expect((await staff.post("/app/api-keys", { intent: "create", name: " ", scope: "read" })).status).toBe(400);
    const badScope = await staff.post("/app/api-keys", { intent: "create", name: "X", scope: "admin" });
    expect(badScope.status).toBe(400);
    expect(renderedMarkup(await badScope.text())).toContain("Choose the key's access.");
    await seedMembers(t.db, 1, "someone-else.myshopify.com");
    const { createApiKey } = await import("~/loyalty/api-access/api-key-store.server");
    const theirs = await createApiKey(t.db, { shop: "someone-else.myshopify.com", name: "Theirs", scope: "read", staff: { id: "s", name: "S" }, now: new Date() });
    expect((await staff.post("/app/api-keys", { intent: "revoke", keyId: theirs.record.id })).status).toBe(404);
    expect((await t.db.prisma.apiKey.findUniqueOrThrow({ where: { id: theirs.record.id } })).revokedAt).toBeNull();
    expect(await t.db.prisma.apiKey.count()).toBe(before + 1);
  });
});
