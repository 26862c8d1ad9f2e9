// A body over 64 KB sent to the public API, declared or streamed, is refused with 413 in the API's error shape
// before the route reads it, and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBuiltApp, type AppHandler } from "../support/built-app";
import { SHOP, seedMembers } from "../support/members";
import { makeApiKey } from "../support/public-api";
import { rawPost } from "../support/raw-http";
import { TEST_API_SECRET } from "../support/shopify-requests";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const MB = 1024 * 1024;

describe.each(testDatabaseKinds())("the public API's body limit on %s", (kind) => {
  let t: TestDatabase;
  let app: AppHandler;
  let headers: Record<string, string>;
  let path: string;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const [memberId] = await seedMembers(t.db, 1);
    path = `/api/v1/members/${memberId}/events`;
    app = await loadBuiltApp({ DATABASE_URL: t.url, SHOPIFY_API_SECRET: TEST_API_SECRET, TALLY_BACKGROUND_JOBS: "0" });
    headers = { "Content-Type": "application/json", Authorization: `Bearer ${(await makeApiKey(t.db, SHOP, "read_write")).key}`, "Idempotency-Key": "big-body" };
  });
  afterAll(() => t?.destroy());

  it("refuses a declared or a streamed body over 64 KB with a JSON 413", async () => {
    for (const options of [{ declaredBytes: 10 * MB, streamUpTo: 10 * MB }, { streamUpTo: 10 * MB }]) {
      const answer = await rawPost(app.origin, path, { headers, ...options });
      expect(answer.status).toBe(413);
      expect(answer.headers["content-type"]).toContain("application/json");
      expect(JSON.parse(answer.text)).toEqual({ error: { code: "body_too_large", message: expect.stringContaining("64 KB") } });
    }
    expect(await t.db.prisma.transfer.count()).toBe(0);
    expect(await t.db.prisma.apiIdempotencyKey.count()).toBe(0);
  });
});
