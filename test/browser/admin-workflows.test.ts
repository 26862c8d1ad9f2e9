// What a staff member does in the admin, done as they would do it in Chromium: found by label and role (so the
// labels are checked too), typed and clicked, and then checked where they would look for the result (the page
// after a reload, the member's history, the Staff actions log) and in the database the demo server writes.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { formatDateTime } from "~/admin/format-dates";
import { formatSignedPoints } from "~/admin/format-dates";
import { activityStrings } from "~/admin/strings/activity";
import { apiKeyStrings } from "~/admin/strings/api-keys";
import { importStrings } from "~/admin/strings/imports";
import { memberDetail, transferCodeLabels } from "~/admin/strings/members";
import { programStrings } from "~/admin/strings/program";
import { referralsPage, referralStatusLabels } from "~/admin/strings/referrals";
import { openDatabase, type TallyDatabase } from "~/db/database.server";
import { DEMO_ACTOR } from "~/demo/demo-history";
import { DEMO_SHOP, expectNoConsoleErrors, POLL, saveScreenshot, setupDemoAdmin, visitAdminPage } from "../support/browser";

const demo = setupDemoAdmin();

async function readDemo<T>(read: (db: TallyDatabase) => Promise<T>): Promise<T> {
  const db = openDatabase(demo.server.databaseUrl);
  try {
    return await read(db);
  } finally {
    await db.close();
  }
}

const memberName = (member: { firstName: string | null; lastName: string | null }) => [member.firstName, member.lastName].filter(Boolean).join(" ");

/** What a manual change leaves behind: the ledger's adjustments and imports, the audit log. */
const writtenCounts = () =>
  readDemo(async (db) => ({
    transfers: await db.prisma.transfer.count({ where: { shop: DEMO_SHOP } }),
    auditEvents: await db.prisma.auditEvent.count({ where: { shop: DEMO_SHOP } }),
  }));

/** Opens Activity and switches to the Staff actions tab by clicking it, as a person would. */
async function openStaffActions(page: Page): Promise<void> {
  await visitAdminPage(page, "/app/activity", { heading: activityStrings.title, screenshot: "workflow-activity" });
  await Promise.all([
    page.waitForURL((url) => url.searchParams.get("view") === "audit"),
    page.getByRole("tab", { name: activityStrings.tabs.audit }).click(),
  ]);
  await page.waitForLoadState("networkidle");
  await expect.poll(() => page.getByRole("tab", { name: activityStrings.tabs.audit, selected: true }).count(), POLL).toBe(1);
}

/** The Staff actions rows for `action`, newest first. */
const auditRows = (page: Page, action: keyof typeof activityStrings.audit.actions) =>
  page.locator("tbody tr", { hasText: activityStrings.audit.actions[action] });

describe("Program", () => {
  it("saves a changed sign-up bonus from the save bar, shows it after a reload, and logs who changed it and when", async () => {
    const page = await demo.signIn();
    await visitAdminPage(page, "/app/program", { heading: programStrings.title });
    const field = page.getByLabel(programStrings.fields.signupBonus.label);
    const before = await field.inputValue();
    const after = String(Number(before) + 75);

    await field.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type(after);
    const save = page.getByRole("button", { name: programStrings.save, exact: true });
    await expect.poll(() => page.getByText(programStrings.saveBarMessage).count(), { ...POLL, message: "the save bar opens on a change" }).toBe(1);
    await saveScreenshot(page, "workflow-program-save-bar");
    await save.click();
    await expect.poll(() => page.getByText(programStrings.saved).count(), { ...POLL, message: "the saved toast" }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(programStrings.saveBarMessage).count(), POLL).toBe(0);

    await page.reload();
    await page.waitForLoadState("networkidle");
    expect(await page.getByLabel(programStrings.fields.signupBonus.label).inputValue()).toBe(after);
    expectNoConsoleErrors(page);

    const event = await readDemo((db) =>
      db.prisma.auditEvent.findFirstOrThrow({ where: { shop: DEMO_SHOP, action: "program.updated" }, orderBy: { createdAt: "desc" } }),
    );
    expect(event.actorName).toBe(DEMO_ACTOR);
    expect(JSON.parse(event.details)).toMatchObject({ changes: [{ path: "signupBonus", from: Number(before), to: Number(after) }] });

    await openStaffActions(page);
    const newest = auditRows(page, "program.updated").first();
    const row = (await newest.textContent()) ?? "";
    expect(row).toContain(DEMO_ACTOR);
    expect(row).toContain(formatDateTime(event.createdAt.toISOString()));
    expect(row).toContain(`${programStrings.sections.earning.title} › ${programStrings.fields.signupBonus.label}: ${before} → ${after}`);
    expectNoConsoleErrors(page);
    await saveScreenshot(page, "workflow-program-audit");
  });
});

describe("A member's page", () => {
  const member = () =>
    readDemo((db) => db.prisma.member.findFirstOrThrow({ where: { shop: DEMO_SHOP, lastName: "Kowalski" } }));

  it("refuses an adjustment without a reason, with the message next to the field, and writes nothing", async () => {
    const page = await demo.signIn();
    const target = await member();
    await visitAdminPage(page, `/app/members/${target.id}`, { heading: memberName(target) });
    const before = await writtenCounts();

    await page.getByLabel(memberDetail.pointsLabel, { exact: true }).fill("20");
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === "POST"),
      page.getByRole("button", { name: memberDetail.adjustButton }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await page.waitForLoadState("networkidle");

    const reason = page.getByLabel(memberDetail.reasonLabel, { exact: true });
    await expect.poll(() => reason.getAttribute("aria-invalid"), POLL).toBe("true");
    const describedBy = (await reason.getAttribute("aria-describedby")) ?? "";
    const messages = await Promise.all(describedBy.split(" ").map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(messages.join(" "), "the field names its error").toContain(memberDetail.reasonRequired);
    expect(await page.getByLabel(memberDetail.pointsLabel, { exact: true }).inputValue(), "what was typed is kept").toBe("20");
    expect(await writtenCounts()).toEqual(before);
    expectNoConsoleErrors(page, [/status of 400 \(Bad Request\)/]);
    await saveScreenshot(page, "workflow-adjustment-no-reason");
  });

  it("records an adjustment typed by keyboard, in the member's history and in the Staff actions log", async () => {
    const page = await demo.signIn();
    const target = await member();
    await visitAdminPage(page, `/app/members/${target.id}`, { heading: memberName(target) });
    const reasonText = "Goodwill: the parcel was left in the rain";

    await page.getByLabel(memberDetail.pointsLabel, { exact: true }).focus();
    await page.keyboard.type("-40");
    await page.keyboard.press("Tab");
    expect(await page.getByLabel(memberDetail.reasonLabel, { exact: true }).evaluate((input) => input === document.activeElement), "Tab reaches the reason").toBe(true);
    await page.keyboard.type(reasonText);
    await Promise.all([page.waitForResponse((response) => response.request().method() === "POST"), page.keyboard.press("Enter")]);
    await page.waitForLoadState("networkidle");
    await expect.poll(() => page.getByText(memberDetail.adjusted(formatSignedPoints(-40))).count(), POLL).toBe(1);

    const history = page.locator("tbody tr", { hasText: reasonText });
    await expect.poll(() => history.count(), POLL).toBe(1);
    const row = (await history.textContent()) ?? "";
    expect(row).toContain(transferCodeLabels.ADJUSTMENT);
    expect(row).toContain(formatSignedPoints(-40));
    expect(row).toContain(DEMO_ACTOR);
    expectNoConsoleErrors(page);
    await saveScreenshot(page, "workflow-adjustment-history");

    const written = await readDemo((db) => db.prisma.transfer.findMany({ where: { memberId: target.id, code: "ADJUSTMENT", memo: reasonText } }));
    expect(written.map((transfer) => transfer.points)).toEqual([-40]);

    await openStaffActions(page);
    const logged = auditRows(page, "member.adjusted").filter({ hasText: reasonText });
    await expect.poll(() => logged.count(), POLL).toBe(1);
    const audit = (await logged.textContent()) ?? "";
    expect(audit).toContain(DEMO_ACTOR);
    expect(audit).toContain(activityStrings.audit.points(formatSignedPoints(-40)));
    expectNoConsoleErrors(page);
  });
});

describe("Import and export", () => {
  it("checks an uploaded file with bad rows: every row error listed by row number, nothing written", async () => {
    const page = await demo.signIn();
    await visitAdminPage(page, "/app/import-export", { heading: importStrings.title });
    const members = await readDemo((db) => db.prisma.member.findMany({ where: { shop: DEMO_SHOP }, orderBy: { customerId: "asc" }, take: 3 }));
    const csv = [
      "customer_id,email,points,note",
      `${members[0]?.customerId},,500,moved from Smile`,
      `${members[1]?.customerId},,-5,`,
      ",nobody@example.com,10,",
      `${members[2]?.customerId},,2.5,`,
    ].join("\n");
    const before = await writtenCounts();

    await page.getByLabel(importStrings.upload.fileLabel).setInputFiles({ name: "balances.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await Promise.all([page.waitForURL((url) => url.searchParams.has("run")), page.getByRole("button", { name: importStrings.upload.check }).click()]);
    await page.waitForLoadState("networkidle");

    await expect.poll(() => page.getByRole("heading", { name: importStrings.check.errorsHeading }).count(), POLL).toBe(1);
    const rows = page.locator("table", { has: page.getByRole("columnheader", { name: importStrings.check.columns.message }) }).locator("tbody tr");
    await expect.poll(() => rows.count(), POLL).toBe(3);
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent?.trim() ?? "")));
    expect(cells).toEqual([
      ["3", "points", importStrings.row.pointsNegative],
      ["4", "email", importStrings.row.unknownEmail],
      ["5", "points", importStrings.row.pointsNotWhole],
    ]);
    expect(await page.getByText(importStrings.check.summary("1", "3")).count()).toBe(1);
    expect(await page.getByRole("button", { name: importStrings.check.importButton("1") }).count(), "importing is offered, not done").toBe(1);
    expectNoConsoleErrors(page);
    await saveScreenshot(page, "workflow-import-dry-run");

    expect(await writtenCounts()).toEqual(before);
    const run = await readDemo((db) => db.prisma.importRun.findFirstOrThrow({ where: { shop: DEMO_SHOP } }));
    expect(run.status).toBe("checked");
  });
});

describe("Referrals", () => {
  it("approves a rejected referral by hand: the member is rewarded and the decision logged", async () => {
    const page = await demo.signIn();
    await visitAdminPage(page, "/app/referrals?status=rejected", { heading: referralsPage.title, screenshot: "workflow-referrals-rejected" });
    const referral = await readDemo((db) =>
      db.prisma.referral.findFirstOrThrow({ where: { shop: DEMO_SHOP, status: "rejected", reason: "same_address" } }),
    );
    const advocate = await readDemo((db) => db.prisma.member.findUniqueOrThrow({ where: { id: referral.advocateMemberId }, include: { balance: true } }));
    const before = advocate.balance?.available ?? 0;

    const row = page.locator("tbody tr", { hasText: `Order ${referral.orderId}` });
    await Promise.all([
      page.waitForResponse((response) => response.request().method() === "POST"),
      row.getByRole("button", { name: referralsPage.approveLabel(memberName(advocate)) }).click(),
    ]);
    await page.waitForLoadState("networkidle");

    const after = await readDemo((db) => db.prisma.referral.findUniqueOrThrow({ where: { id: referral.id } }));
    expect(after.status).toBe("rewarded");
    expect(after.decidedBy).toBe(DEMO_ACTOR);
    const balance = await readDemo((db) => db.prisma.balance.findUniqueOrThrow({ where: { memberId: advocate.id } }));
    expect(balance.available).toBeGreaterThan(before);

    await page.goto("/app/referrals");
    await page.waitForLoadState("networkidle");
    const shown = page.locator("tbody tr", { hasText: `Order ${referral.orderId}` });
    expect(await shown.textContent()).toContain(referralStatusLabels.rewarded);
    expectNoConsoleErrors(page);

    await openStaffActions(page);
    expect(await auditRows(page, "referral.approved").first().textContent()).toContain(DEMO_ACTOR);
    expectNoConsoleErrors(page);
  });
});

describe("API keys", () => {
  it("creates a key shown once, which the API accepts, then revokes it, and the API refuses it", async () => {
    const page = await demo.signIn();
    await visitAdminPage(page, "/app/api-keys", { heading: apiKeyStrings.title, screenshot: "workflow-api-keys" });
    await page.getByLabel(apiKeyStrings.nameLabel, { exact: true }).fill("Quiz app");
    await page.getByLabel(apiKeyStrings.scopeLabel, { exact: true }).selectOption("read_write");
    await Promise.all([page.waitForResponse((response) => response.request().method() === "POST"), page.getByRole("button", { name: apiKeyStrings.create }).click()]);
    await page.waitForLoadState("networkidle");
    const shown = page.locator("[data-api-key]");
    await expect.poll(() => shown.count(), POLL).toBe(1);
    const key = (await shown.textContent()) ?? "";
    expect(key).toMatch(/^tally_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expectNoConsoleErrors(page);
    await saveScreenshot(page, "workflow-api-key-created");

    const rewards = await fetch(`${demo.server.baseUrl}/api/v1/rewards`, { headers: { Authorization: `Bearer ${key}` } });
    expect(rewards.status).toBe(200);

    await page.reload();
    await page.waitForLoadState("networkidle");
    expect(await page.locator("[data-api-key]").count(), "shown once, not after a reload").toBe(0);
    // The key's row, and the call it just made in the recent calls.
    const revoke = page.getByRole("button", { name: apiKeyStrings.revokeLabel("Quiz app") });
    await expect.poll(() => revoke.count(), POLL).toBe(1);
    await expect.poll(() => page.locator("tbody tr", { hasText: "GET /api/v1/rewards" }).filter({ hasText: "Quiz app" }).count(), POLL).toBe(1);
    await Promise.all([page.waitForResponse((response) => response.request().method() === "POST"), revoke.click()]);
    await page.waitForLoadState("networkidle");
    await expect.poll(() => page.getByText(apiKeyStrings.revokedTitle("Quiz app")).count(), POLL).toBe(1);
    expectNoConsoleErrors(page);
    const refused = await fetch(`${demo.server.baseUrl}/api/v1/rewards`, { headers: { Authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe("revoked_api_key");

    await openStaffActions(page);
    await expect.poll(() => auditRows(page, "api_key.revoked").filter({ hasText: "Quiz app" }).count(), POLL).toBe(1);
    await expect.poll(() => auditRows(page, "api_key.created").filter({ hasText: "Quiz app" }).count(), POLL).toBe(1);
  });
});
