// The Activity page through the built app: the ledger feed's filters and keyset pages, the audit log with who and
// when, and a 400 for a bad filter, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAuditEvent } from "~/loyalty/audit/audit-log.server";
import { upsertMember } from "~/loyalty/members/member-store.server";
import { upsertShop } from "~/loyalty/program/shop-store.server";
import type { TransferCode } from "~/loyalty/ledger/transfer-codes";
import { openDemoAdmin, renderedMarkup, tableRows, type DemoAdmin } from "../support/demo-admin";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../support/test-database";

const SHOP = "activity-demo.myshopify.com";
const OTHER_SHOP = "someone-else.myshopify.com";
const START = Date.UTC(2026, 9, 1, 12, 0, 0);
const HOUR = 60 * 60 * 1000;
const CODES: TransferCode[] = ["PURCHASE", "ADJUSTMENT", "SIGNUP_BONUS", "IMPORT"];
const TRANSFERS = 130;

interface Seeded {
  memo: string;
  member: "ava" | "noah" | "liam";
  code: TransferCode;
  at: Date;
}

/** Memos of the feed rows on a page, in order. */
function memosOf(html: string): string[] {
  return tableRows(html).flatMap((row) => [...row.matchAll(/memo-(\d+)/g)].map((match) => `memo-${match[1]}`));
}

function cursorLink(html: string, direction: "o" | "n"): string | null {
  const match = new RegExp(`href="(/app/activity\\?[^"]*cursor=${direction}\\.[^"]+)"`).exec(renderedMarkup(html));
  return match?.[1] ?? null;
}

describe.each(testDatabaseKinds())("Activity page on %s", (kind) => {
  let t: TestDatabase;
  let admin: DemoAdmin;
  const members: Record<Seeded["member"], string> = { ava: "", noah: "", liam: "" };
  const seeded: Seeded[] = [];

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertShop(t.db.prisma, { domain: SHOP, name: "Activity shop", currencyCode: "USD" });
    const profiles = {
      ava: { customerId: "1", email: "ava.martin@example.com", firstName: "Ava", lastName: "Martin" },
      noah: { customerId: "2", email: "noah.kim@example.com", firstName: "Noah", lastName: "Kim" },
      liam: { customerId: "3", email: "liam@example.com", firstName: "Liam", lastName: "O'Connor" },
    };
    for (const [name, profile] of Object.entries(profiles)) {
      members[name as Seeded["member"]] = (await upsertMember(t.db.prisma, { shop: SHOP, ...profile }, "member")).id;
    }
    const foreign = await upsertMember(t.db.prisma, { shop: OTHER_SHOP, customerId: "1", email: "ava.martin@example.com", firstName: "Ava", lastName: "Martin" }, "member");
    let now = new Date(START);
    const ledger = t.open({ clock: () => now }).ledger;
    for (let n = 0; n < TRANSFERS; n++) {
      // Three transfers share each instant, so pages must break ties by id to neither skip nor repeat a row.
      now = new Date(START + Math.floor(n / 3) * HOUR);
      const member = (["ava", "noah", "liam"] as const)[n % 3] ?? "ava";
      const code = CODES[n % CODES.length] ?? "PURCHASE";
      const outcome = await ledger.recordTransfer({ shop: SHOP, memberId: members[member], code, points: 10 + n, status: "posted", idempotencyKey: `seed:${n}`, memo: `memo-${n}`, actor: code === "ADJUSTMENT" ? "Ana Admin" : undefined });
      expect(outcome.ok).toBe(true);
      seeded.push({ memo: `memo-${n}`, member, code, at: now });
    }
    await ledger.recordTransfer({ shop: OTHER_SHOP, memberId: foreign.id, code: "ADJUSTMENT", points: 5, status: "posted", idempotencyKey: "foreign", memo: "memo-foreign" });
    admin = await openDemoAdmin(t.url, SHOP);
  });
  afterAll(() => t?.destroy());

  /** Seeded memos newest first, as the feed orders them: by time, then by transfer id. */
  async function expectedOrder(filter: (row: Seeded) => boolean): Promise<string[]> {
    const rows = await t.db.prisma.transfer.findMany({ where: { shop: SHOP }, select: { id: true, memo: true, createdAt: true } });
    const ids = new Map(rows.map((row) => [row.memo, row.id]));
    return seeded
      .filter(filter)
      .sort((a, b) => b.at.getTime() - a.at.getTime() || ((ids.get(b.memo) ?? "") < (ids.get(a.memo) ?? "") ? -1 : 1))
      .map((row) => row.memo);
  }

  async function walk(firstPage: string): Promise<{ memos: string[]; pages: string[] }> {
    const memos: string[] = [];
    const pages: string[] = [];
    let path: string | null = firstPage;
    while (path) {
      const response = await admin.get(path);
      expect(response.status, path).toBe(200);
      const html = await response.text();
      pages.push(html);
      memos.push(...memosOf(html));
      path = cursorLink(html, "o");
    }
    return { memos, pages };
  }

  it("shows the newest fifty entries with member, reason in words, points, status, actor and memo", async () => {
    const response = await admin.get("/app/activity");
    expect(response.status).toBe(200);
    const html = await response.text();
    const expected = await expectedOrder(() => true);
    expect(memosOf(html)).toEqual(expected.slice(0, 50));
    expect(cursorLink(html, "n")).toBeNull();
    expect(cursorLink(html, "o")).not.toBeNull();
    const rows = tableRows(html);
    const newest = seeded[TRANSFERS - 1];
    const row = rows.find((candidate) => candidate.includes(`${newest?.memo}<`)) ?? "";
    expect(row).toContain(`href="/app/members/${members[newest?.member ?? "ava"]}"`);
    expect(row).toContain("Ava Martin");
    expect(row).toContain("ava.martin@example.com");
    expect(row).toContain(`+${10 + TRANSFERS - 1}`);
    expect(row).toContain(">Adjustment<");
    expect(row).toContain("Confirmed");
    expect(row).toContain("Ana Admin");
    expect(renderedMarkup(html)).not.toContain("memo-foreign");
  });

  it("pages through the whole ledger by cursor, each entry once, and back to newer pages", async () => {
    const { memos, pages } = await walk("/app/activity");
    expect(memos).toEqual(await expectedOrder(() => true));
    expect(pages).toHaveLength(3);
    const back = cursorLink(pages[2] ?? "", "n");
    expect(back).not.toBeNull();
    const middle = await admin.get(back ?? "");
    expect(memosOf(await middle.text())).toEqual(memosOf(pages[1] ?? ""));
  });

  it("filters by reason, by member name, email or id, and by dates, and combines filters", async () => {
    const adjustments = await walk("/app/activity?code=ADJUSTMENT");
    expect(adjustments.memos).toEqual(await expectedOrder((row) => row.code === "ADJUSTMENT"));
    for (const query of ["ava", "MARTIN", "ava.martin@example", members.ava]) {
      const page = await walk(`/app/activity?member=${encodeURIComponent(query)}`);
      expect(page.memos, query).toEqual(await expectedOrder((row) => row.member === "ava"));
    }
    const from = new Date(START + 10 * HOUR).toISOString().slice(0, 10);
    const inRange = (row: Seeded) => row.at.toISOString().slice(0, 10) === from;
    const day = await walk(`/app/activity?from=${from}&to=${from}`);
    expect(day.memos.length).toBeGreaterThan(0);
    expect(day.memos).toEqual(await expectedOrder(inRange));
    const combined = await walk(`/app/activity?from=${from}&to=${from}&member=noah&code=PURCHASE`);
    expect(combined.memos).toEqual(await expectedOrder((row) => inRange(row) && row.member === "noah" && row.code === "PURCHASE"));
    const none = await admin.get("/app/activity?member=nobody-by-this-name");
    expect(renderedMarkup(await none.text())).toContain("No member's name or email contains “nobody-by-this-name”.");
  });

  it("answers a bad filter with a 400 that says what is wrong", async () => {
    const cases: [string, string][] = [
      ["code=FREE_POINTS", "Choose a reason from the list."],
      ["from=2026-13-01", "Write dates as YYYY-MM-DD"],
      ["from=yesterday", "Write dates as YYYY-MM-DD"],
      ["from=2026-11-02&to=2026-11-01", "The “From” date must be on or before the “To” date."],
      ["cursor=o.not-a-cursor", "This page link is broken."],
      ["view=everything", "Choose Points activity or Staff actions."],
      ["view=audit&action=member.deleted", "Choose an action from the list."],
    ];
    for (const [query, message] of cases) {
      const response = await admin.get(`/app/activity?${query}`);
      expect(response.status, query).toBe(400);
      expect(renderedMarkup(await response.text()), query).toContain(message);
    }
  });

  it("shows the audit log: who did what and when, in plain words, filtered by action and paged", async () => {
    const staff = { id: "9001", name: "Ana Admin" };
    const base = Date.UTC(2026, 10, 20, 9, 30, 0);
    await recordAuditEvent(t.db.prisma, { shop: SHOP, staff, action: "program.updated", details: { changes: [{ field: "signupBonus", from: 100, to: 250 }] }, at: new Date(base) });
    await recordAuditEvent(t.db.prisma, { shop: SHOP, staff: { id: "demo", name: "Demo staff" }, action: "member.adjusted", subjectId: members.ava, details: { points: -40, reason: "Returned a gift" }, at: new Date(base + 60_000) });
    await recordAuditEvent(t.db.prisma, { shop: OTHER_SHOP, staff, action: "member.adjusted", details: { points: 1, reason: "elsewhere" }, at: new Date(base) });
    for (let n = 0; n < 55; n++) {
      await recordAuditEvent(t.db.prisma, { shop: SHOP, staff, action: "referral.rejected", subjectId: `ref-${n}`, details: { reason: `reason-${n}` }, at: new Date(base - (n + 1) * 1000) });
    }

    const first = await admin.get("/app/activity?view=audit");
    expect(first.status).toBe(200);
    const html = await first.text();
    const rows = tableRows(html);
    expect(rows).toHaveLength(50);
    expect(rows[0]).toContain("Demo staff");
    expect(rows[0]).toContain("Adjusted a member's points");
    expect(rows[0]).toContain("-40 points");
    expect(rows[0]).toContain("Reason: Returned a gift");
    expect(rows[0]).toContain("Nov 20, 2026, 9:31 AM UTC");
    expect(rows[0]).toContain(`href="/app/members/${members.ava}"`);
    expect(rows[1]).toContain("Ana Admin");
    expect(rows[1]).toContain("Changed the program");
    // Named as the Program page names it.
    expect(rows[1]).toContain("Earning › Sign-up bonus (points): 100 → 250");
    expect(renderedMarkup(html)).not.toContain("elsewhere");

    const older = cursorLink(html, "o");
    expect(older).toContain("view=audit");
    const second = tableRows(await (await admin.get(older ?? "")).text());
    expect(second).toHaveLength(7);
    const reasons = [...rows, ...second].flatMap((row) => [...row.matchAll(/reason-(\d+)/g)].map((match) => Number(match[1])));
    expect(reasons).toEqual(Array.from({ length: 55 }, (_, n) => n));

    const adjusted = tableRows(await (await admin.get("/app/activity?view=audit&action=member.adjusted")).text());
    expect(adjusted).toHaveLength(1);
    expect(adjusted[0]).toContain("Returned a gift");
  });
});
