// Upgrading an install to migration customer_redaction: the sign-up bonus keys that named Shopify customers name
// members instead, applied deliveries lose their payloads (waiting ones keep theirs), members redacted before lose
// their address keys, and the ledger is append-only again afterwards.
import { afterEach, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../support/test-database";
import { upgradedInstall, type Install } from "../support/upgraded-install";

const MIGRATION = "20261204134451_customer_redaction";
const SHOP = "upgrade-privacy.myshopify.com";

describe.each(testDatabaseKinds())("upgrading to customer_redaction on %s", (kind) => {
  let install: Install | undefined;
  afterEach(async () => {
    await install?.destroy();
    install = undefined;
  });

  it("rewrites sign-up keys to name the member, prunes applied payloads and keeps the ledger append-only", async () => {
    install = await upgradedInstall(kind, MIGRATION, async ({ sql, stamp }) => {
      const at = `'${stamp("2026-03-01T10:00:00.000")}'`;
      await sql(
        `INSERT INTO members (id, shop, customer_id, tier, created_at, updated_at, address_key, redacted_at) VALUES ` +
          `('m1', '${SHOP}', '731', 'member', ${at}, ${at}, '1mainst||10001|us', NULL), ` +
          `('m2', '${SHOP}', 'redacted:abc', 'member', ${at}, ${at}, '2elmst||10002|us', ${at})`,
      );
      await sql(
        `INSERT INTO transfers (id, shop, member_id, code, points, status, idempotency_key, fingerprint, actor, created_at) VALUES ` +
          `('t1', '${SHOP}', 'm1', 'SIGNUP_BONUS', 100, 'posted', 'customer:731:signup', 'f1', 'system', ${at}), ` +
          `('t2', '${SHOP}', 'm1', 'PURCHASE', 40, 'posted', 'order:9:earn', 'f2', 'system', ${at})`,
      );
      await sql(
        `INSERT INTO webhook_deliveries (id, shop, topic, payload, received_at, status, attempts, run_after, processed_at) VALUES ` +
          `('d-done', '${SHOP}', 'orders/paid', '{"email":"a@example.com"}', ${at}, 'done', 1, ${at}, ${at}), ` +
          `('d-failed', '${SHOP}', 'orders/paid', '{"email":"b@example.com"}', ${at}, 'failed', 10, ${at}, NULL), ` +
          `('d-queued', '${SHOP}', 'customers/update', '{"email":"c@example.com"}', ${at}, 'queued', 0, ${at}, NULL)`,
      );
    });
    const transfers = await install.sql(`SELECT id, points, status, code, idempotency_key FROM transfers ORDER BY id`);
    expect(transfers).toEqual([
      { id: "t1", points: 100, status: "posted", code: "SIGNUP_BONUS", idempotency_key: "member:m1:signup" },
      { id: "t2", points: 40, status: "posted", code: "PURCHASE", idempotency_key: "order:9:earn" },
    ]);
    expect(await install.sql(`SELECT id, payload FROM webhook_deliveries ORDER BY id`)).toEqual([
      { id: "d-done", payload: null },
      { id: "d-failed", payload: '{"email":"b@example.com"}' },
      { id: "d-queued", payload: '{"email":"c@example.com"}' },
    ]);
    expect(await install.sql(`SELECT id, address_key FROM members ORDER BY id`)).toEqual([
      { id: "m1", address_key: "1mainst||10001|us" },
      { id: "m2", address_key: null },
    ]);
    await expect(install.sql(`UPDATE transfers SET points = 1 WHERE id = 't2' RETURNING id`)).rejects.toThrow(/append-only/);
    await expect(install.sql(`UPDATE transfers SET idempotency_key = 'x' WHERE id = 't1' RETURNING id`)).rejects.toThrow(/append-only/);

    // The one new exception: notes of a member marked by customers/redact's transaction, and nothing else.
    await install.sql(`INSERT INTO audit_events (id, shop, actor_id, actor_name, action, subject_id, details, created_at) VALUES ('a1', '${SHOP}', '1', 'Ada', 'member.adjusted', 'm1', '{"points":5,"reason":"for Zoe"}', '2026-03-01 10:00:00') RETURNING id`);
    await expect(install.sql(`UPDATE transfers SET memo = 'x' WHERE id = 't2' RETURNING id`)).rejects.toThrow(/append-only/);
    await expect(install.sql(`UPDATE audit_events SET details = '{}' WHERE id = 'a1' RETURNING id`)).rejects.toThrow(/append-only/);
    await install.sql(`INSERT INTO ledger_note_redactions (member_id) VALUES ('m1') RETURNING member_id`);
    expect(await install.sql(`UPDATE transfers SET memo = 'x' WHERE id = 't2' RETURNING id`)).toEqual([{ id: "t2" }]);
    expect(await install.sql(`UPDATE audit_events SET details = '{}' WHERE id = 'a1' RETURNING id`)).toEqual([{ id: "a1" }]);
    await expect(install.sql(`UPDATE transfers SET points = 1 WHERE id = 't2' RETURNING id`)).rejects.toThrow(/append-only/);
    await expect(install.sql(`UPDATE transfers SET memo = 'y', status = 'voided' WHERE id = 't2' RETURNING id`)).rejects.toThrow(/append-only/);
    await expect(install.sql(`UPDATE audit_events SET action = 'program.updated' WHERE id = 'a1' RETURNING id`)).rejects.toThrow(/append-only/);
  });
});
